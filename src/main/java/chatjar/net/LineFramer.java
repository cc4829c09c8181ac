package chatjar.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Cuts a byte stream into lines ending in LF, CRLF or a lone CR, in place in the caller's buffer. Bounded:
 * a line longer than {@code maxLine} is discarded up to its end, reported once, and framing carries on with
 * the next line (the LineBasedFrameDecoder rule). Only the unfinished tail of a read is kept between reads,
 * in an array sized to that tail, so an idle connection holds no input buffer at all; the next read puts it
 * back in front of the new bytes, in the space before them ({@link Layer#HEADROOM}).
 *
 * <p>As a {@link Layer} it is the top of a stack: lines go to {@link Layer.Context#lines}, and output passes
 * down untouched (the protocol already writes whole lines). Both transports use it.
 */
public final class LineFramer implements Layer {
    /** Where lines go. {@link #line} returns false to stop delivery (the connection is closing). */
    public interface Sink {
        boolean line(byte[] buf, int off, int len);

        void lineTooLong();
    }

    /** The framer in a listener's stack. */
    public record Factory(int maxLine) implements Layer.Factory {
        @Override
        public Layer create() {
            return new LineFramer(maxLine);
        }
    }

    public static Factory factory(int maxLine) {
        return new Factory(maxLine);
    }

    private final int maxLine;
    private byte[] partial;
    private boolean discarding;

    public LineFramer(int maxLine) {
        this.maxLine = maxLine;
    }

    @Override
    public void read(Context ctx, byte[] buf, int off, int len) {
        feed(buf, off, len, ctx.lines());
    }

    @Override
    public void write(Context ctx, ByteBuffer src) throws IOException {
        ctx.writeDown(src);
    }

    @Override
    public void readEnd(Context ctx) throws IOException {
        finish(ctx.lines());
        ctx.readEndUp();
    }

    /**
     * Frames {@code buf[off, off + len)}; whatever follows the last line end is kept for the next call.
     * {@code buf[0, off)} may be overwritten: the kept tail goes there when it fits (else one array joins them).
     */
    public void feed(byte[] buf, int off, int len, Sink sink) {
        int end = off + len;
        if (partial != null) {
            int p = partial.length;
            if (off >= p) {
                System.arraycopy(partial, 0, buf, off - p, p);
                off -= p;
            } else {
                byte[] joined = Arrays.copyOf(partial, p + len);
                System.arraycopy(buf, off, joined, p, len);
                buf = joined;
                off = 0;
                end = p + len;
            }
            partial = null;
        }
        int start = off;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (b != '\n' && b != '\r') continue;
            int n = i - start;
            if (discarding) {
                discarding = false;
                sink.lineTooLong();
            } else if (n > maxLine) {
                sink.lineTooLong();
            } else if (n > 0 && !sink.line(buf, start, n)) {
                return;
            }
            start = i + 1;
        }
        int rest = end - start;
        if (discarding) return;
        if (rest > maxLine) discarding = true;
        else if (rest > 0) partial = Arrays.copyOfRange(buf, start, end);
    }

    /** At end of stream: an unterminated last line still counts (the tutorial's client sends one). */
    public void finish(Sink sink) {
        byte[] p = partial;
        partial = null;
        if (p != null && !discarding) sink.line(p, 0, p.length);
        discarding = false;
    }

    /** Bytes held between reads; for memory accounting. */
    public int heldBytes() {
        return partial == null ? 0 : partial.length;
    }
}
