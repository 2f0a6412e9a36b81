package io.unstick.session.internal.tomcat;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The response the application sees: runs a hook (the session commit) once, just before the application can
 * complete the response itself — by flushing or closing the stream or writer, {@code flushBuffer()}, an error or
 * a redirect, or by writing the last byte of a declared content length. Without it, a client could receive the
 * whole response, send its next request to another node and read the session before this request's changes
 * reach the store.
 */
final class CommitBeforeResponse extends HttpServletResponseWrapper {

    private final Runnable beforeCompletion;
    private boolean ran;
    private long declaredLength = -1;
    private long written;
    private ServletOutputStream stream;
    private PrintWriter writer;

    CommitBeforeResponse(HttpServletResponse response, Runnable beforeCompletion) {
        super(response);
        this.beforeCompletion = beforeCompletion;
    }

    /** Runs the hook the first time the response may complete; later completions pass straight through. */
    void beforeCompletion() {
        if (!ran) {
            ran = true;
            beforeCompletion.run();
        }
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
        beforeCompletion();
        super.flushBuffer();
    }

    @Override
    public void sendError(int status, String message) throws IOException {
        beforeCompletion();
        super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
        beforeCompletion();
        super.sendError(status);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCompletion();
        super.sendRedirect(location);
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

    /** Counts bytes so that the last byte of a declared length commits the session before it is sent. */
    private void beforeWriting(long bytes) {
        written += bytes;
        if (declaredLength >= 0 && written >= declaredLength) {
            beforeCompletion();
        }
    }

    private final class Stream extends ServletOutputStream {
        private final ServletOutputStream out;

        Stream(ServletOutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            beforeWriting(1);
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            beforeWriting(length);
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            beforeCompletion();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            beforeCompletion();
            out.close();
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
        public void flush() {
            beforeCompletion();
            super.flush();
        }

        @Override
        public void close() {
            beforeCompletion();
            super.close();
        }
    }
}
