package io.unstick.session.internal.codec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Java serialization of attribute values, one attribute at a time. Reading resolves classes with the web
 * application's class loader and checks every class against a JDK {@link ObjectInputFilter}.
 */
public final class AttributeCodec {

    /**
     * Default filter: size limits and a reject-list of well-known deserialization gadget packages. An allow-list
     * such as {@code com.example.**;java.**;!*} is stricter; see the README.
     */
    public static final String DEFAULT_FILTER = "maxdepth=64;maxrefs=1000000;maxbytes=16777216;"
            + "!org.apache.commons.collections.functors.*;!org.apache.commons.collections4.functors.*;"
            + "!org.codehaus.groovy.runtime.*;!com.sun.org.apache.xalan.internal.xsltc.trax.*;"
            + "!org.springframework.beans.factory.*;!javax.management.*;!java.rmi.*;!sun.rmi.*";

    /**
     * Every request digests what it read or wrote: one digest per thread rather than a provider look-up and a new
     * instance per call (a MessageDigest is not thread-safe). It holds only JDK classes, so it pins no web app.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(AttributeCodec::newSha256);

    private final ObjectInputFilter filter;

    public AttributeCodec(String filterPattern) {
        try {
            this.filter = ObjectInputFilter.Config.createFilter(filterPattern);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid deserializationFilter '" + filterPattern + "': "
                    + e.getMessage(), e);
        }
    }

    /**
     * Serializes one attribute value.
     *
     * @throws UnserializableAttributeException naming the attribute and class when the value (or anything it
     *         references) is not serializable
     */
    public byte[] serialize(String name, Object value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException | RuntimeException e) {
            throw new UnserializableAttributeException(name, value, e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a value written by {@link #serialize}, resolving classes with {@code classLoader}.
     *
     * @throws RejectedClassException when {@code deserializationFilter} refuses a class or a limit, naming which
     */
    public Object deserialize(byte[] bytes, ClassLoader classLoader) throws IOException, ClassNotFoundException {
        RecordingFilter recording = new RecordingFilter(filter);
        try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(bytes), classLoader)) {
            in.setObjectInputFilter(recording);
            return in.readObject();
        } catch (InvalidClassException e) {
            if (recording.rejected != null) {
                throw new RejectedClassException(recording.rejected, e);
            }
            throw e;
        }
    }

    /** One line saying why a value could not be deserialized: the refused class or limit, a missing class, ... */
    public static String describe(Exception failure) {
        if (failure instanceof RejectedClassException) {
            return failure.getMessage();
        }
        if (failure instanceof ClassNotFoundException) {
            return "class " + failure.getMessage() + " is not found by the web application's class loader";
        }
        return failure.toString();
    }

    /**
     * The JDK's own message for a refused class is only "filter status: REJECTED"; this remembers what the
     * filter refused, so the log can name it.
     */
    private static final class RecordingFilter implements ObjectInputFilter {
        private final ObjectInputFilter delegate;
        private String rejected;

        RecordingFilter(ObjectInputFilter delegate) {
            this.delegate = delegate;
        }

        @Override
        public Status checkInput(FilterInfo info) {
            Status status = delegate.checkInput(info);
            if (status == Status.REJECTED && rejected == null) {
                rejected = info.serialClass() != null
                        ? "class " + info.serialClass().getName() + " is rejected by deserializationFilter"
                        : "a limit of deserializationFilter is exceeded (depth " + info.depth() + ", references "
                                + info.references() + ", bytes " + info.streamBytes() + ", array length "
                                + info.arrayLength() + ")";
            }
            return status;
        }
    }

    /** A digest of serialized bytes, to tell whether an attribute read in a request was mutated in place. */
    public static byte[] digest(byte[] bytes) {
        return SHA_256.get().digest(bytes); // digest() resets it for the thread's next call
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    public static boolean sameDigest(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    private static final class LoaderObjectInputStream extends ObjectInputStream {

        private final ClassLoader classLoader;

        LoaderObjectInputStream(InputStream in, ClassLoader classLoader) throws IOException {
            super(in);
            this.classLoader = classLoader;
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            try {
                return Class.forName(desc.getName(), false, classLoader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc); // primitives and their arrays
            }
        }

        @Override
        @SuppressWarnings("deprecation") // Proxy.getProxyClass: the loader must be the web application's
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            Class<?>[] resolved = new Class<?>[interfaces.length];
            for (int i = 0; i < interfaces.length; i++) {
                resolved[i] = Class.forName(interfaces[i], false, classLoader);
            }
            return java.lang.reflect.Proxy.getProxyClass(classLoader, resolved);
        }
    }
}
