package io.unstick.session.internal.tomcat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;

/**
 * The response the application sees: runs a hook (the session commit) once, just before the application can
 * complete the response itself — by flushing or closing the stream or writer, {@code flushBuffer()}, an error or
 * a redirect, or by writing the last byte of a declared content length. Without it, a client could receive the
 * whole response, send its next request to another node and read the session before this request's changes
 * reach the store. When the hook answers the request itself (the commit was refused or the store is unavailable:
 * 409 or 503), whatever the application still writes or sends is discarded.
 */
final class CommitBeforeResponse extends HttpServletResponseWrapper {

    private final BooleanSupplier beforeCompletion;
    private boolean ran;
    private boolean discarding;
    private long declaredLength = -1;
    private long written;
    private ServletOutputStream stream;
    private PrintWriter writer;

    /** @param beforeCompletion the commit; false when it answered the request itself */
    CommitBeforeResponse(HttpServletResponse response, BooleanSupplier beforeCompletion) {
        super(response);
        this.beforeCompletion = beforeCompletion;
    }

    /**
     * Runs the hook the first time the response may complete; later completions pass straight through.
     *
     * @return false when the application's response is to be discarded
     */
    boolean beforeCompletion() {
        if (!ran) {
            ran = true;
            discarding = !beforeCompletion.getAsBoolean();
        }
        return !discarding;
    }

    @Override
    public void setContentLength(int length) {
        declaredLength = length;
        super.setContentLength(length);
    }

    @Override
    public void setContentLengthLong(long length) {
        declaredLength = length;
        super.setContentLengthLong(length);
    }

    @Override
    public void flushBuffer() throws IOException {
        if (beforeCompletion()) {
            super.flushBuffer();
        }
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        if (beforeCompletion()) {
            super.sendError(status, message);
        }
    }

    @Override
    public void sendError(int status) throws IOException {
        if (beforeCompletion()) {
            super.sendError(status);
        }
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        if (beforeCompletion()) {
            super.sendRedirect(location);
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new Stream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new Writer(super.getWriter());
        }
        return writer;
    }

    /**
     * Counts bytes so that the last byte of a declared length commits the session before it is sent.
     *
     * @return false when the bytes are to be discarded
     */
    private boolean beforeWriting(long bytes) {
        written += bytes;
        if (declaredLength >= 0 && written >= declaredLength) {
            return beforeCompletion();
        }
        return !discarding;
    }

    private final class Stream extends ServletOutputStream {
        private final ServletOutputStream out;

        Stream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (beforeWriting(1)) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (beforeWriting(length)) {
                out.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            if (beforeCompletion()) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (beforeCompletion()) {
                out.close();
            }
        }

        @Override
        public boolean isReady() {
            return out.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            out.setWriteListener(listener);
        }
    }

    /** Characters are not bytes, so a writer commits on flush and close only. */
    private final class Writer extends PrintWriter {
        Writer(PrintWriter out) {
            super(out);
        }

        @Override
        public void write(String text, int offset, int length) {
            if (!discarding) {
                super.write(text, offset, length);
            }
        }

        @Override
        public void write(char[] chars, int offset, int length) {
            if (!discarding) {
                super.write(chars, offset, length);
            }
        }

        @Override
        public void write(int c) {
            if (!discarding) {
                super.write(c);
            }
        }

        @Override
        public void flush() {
            if (beforeCompletion()) {
                super.flush();
            }
        }

        @Override
        public void close() {
            if (beforeCompletion()) {
                super.close();
            }
        }
    }
}
