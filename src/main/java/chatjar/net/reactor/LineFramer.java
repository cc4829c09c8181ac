package chatjar.net.reactor;

import java.util.Arrays;

/**
 * Cuts a byte stream into lines ending in LF, CRLF or a lone CR, in place in the caller's buffer. Bounded:
 * a line longer than {@code maxLine} is discarded up to its end, reported once, and framing carries on with
 * the next line (the LineBasedFrameDecoder rule). Only the unfinished tail of a read is kept between reads,
 * in an array sized to that tail, so an idle connection holds no input buffer at all.
 */
public final class LineFramer {
    /** Where lines go. {@link #line} returns false to stop delivery (the connection is closing). */
    public interface Sink {
        boolean line(byte[] buf, int off, int len);

        void lineTooLong();
    }

    private final int maxLine;
    private byte[] partial;
    private boolean discarding;

    public LineFramer(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Copies the pending partial line to the start of {@code buf} and returns its length; feed from 0 next. */
    public int prefill(byte[] buf) {
        if (partial == null) return 0;
        int n = partial.length;
        System.arraycopy(partial, 0, buf, 0, n);
        partial = null;
        return n;
    }

    /** Frames {@code buf[off, end)}; whatever follows the last line end is kept for the next call. */
    public void feed(byte[] buf, int off, int end, Sink sink) {
        int start = off;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            if (b != '\n' && b != '\r') continue;
            int len = i - start;
            if (discarding) {
                discarding = false;
                sink.lineTooLong();
            } else if (len > maxLine) {
                sink.lineTooLong();
            } else if (len > 0 && !sink.line(buf, start, len)) {
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
