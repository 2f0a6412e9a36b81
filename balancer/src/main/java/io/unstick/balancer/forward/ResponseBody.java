package io.unstick.balancer.forward;

import io.undertow.util.StatusCodes;

import java.nio.ByteBuffer;

/**
 * Where a node's response body ends (RFC 9112 section 6.3): no body for {@code HEAD}, 204 and 304, else chunked,
 * else {@code Content-Length}, else at the close. Bytes read past the end mean the connection is out of step.
 */
final class ResponseBody {

    private final ChunkedBody chunked;
    private final boolean untilClose;
    private long left;
    private boolean overrun;

    private ResponseBody(ChunkedBody chunked, boolean untilClose, long left) {
        this.chunked = chunked;
        this.untilClose = untilClose;
        this.left = left;
    }

    /** @throws BadResponse for framing this forwarder refuses to guess at */
    static ResponseBody of(ResponseHead head, boolean headRequest) throws BadResponse {
        boolean none = headRequest || head.status == StatusCodes.NO_CONTENT || head.status == StatusCodes.NOT_MODIFIED;
        if (none) {
            return new ResponseBody(null, false, 0);
        }
        if (head.transferEncoding != null) {
            if (!head.transferEncoding.equalsIgnoreCase("chunked")) {
                throw new BadResponse("unsupported Transfer-Encoding: " + head.transferEncoding);
            }
            if (head.contentLength != ResponseHead.NO_LENGTH) {
                throw new BadResponse("both Content-Length and Transfer-Encoding"); // the shape of response smuggling
            }
            return new ResponseBody(new ChunkedBody(), false, 0);
        }
        if (head.contentLength != ResponseHead.NO_LENGTH) {
            return new ResponseBody(null, false, head.contentLength);
        }
        return new ResponseBody(null, true, 0);
    }

    boolean chunked() {
        return chunked != null;
    }

    boolean untilClose() {
        return untilClose;
    }

    /**
     * Takes what was read, {@code buf[from, to)}.
     *
     * @return the number of body data bytes, now at {@code buf[from, from + n)}
     */
    int take(ByteBuffer buf, int from, int to) throws BadResponse {
        int data;
        if (chunked != null) {
            data = chunked.decode(buf, from, to);
            overrun |= chunked.done() && from + chunked.consumed < to;
        } else if (untilClose) {
            data = to - from;
        } else {
            data = (int) Math.min(left, to - from);
            left -= data;
            overrun |= to - from > data;
        }
        return data;
    }

    /** Whether the whole body was taken (a body delimited by the close ends only with it). */
    boolean complete() {
        return chunked != null ? chunked.done() : !untilClose && left == 0;
    }

    /** Whether bytes came after the end of the response. */
    boolean overrun() {
        return overrun;
    }
}
