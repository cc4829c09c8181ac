package chatjar.net;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The framer against a one-line reference model: whatever the split points of the stream, it must deliver
 * exactly the lines (and too-long reports) that framing the whole stream at once gives, none longer than the
 * limit, none containing CR or LF, and never throw. Reads are simulated as the transports do them: the new
 * chunk after some free headroom (sometimes too little for the held tail), then feed.
 */
class LineFramerFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void splitAnywhere(FuzzedDataProvider data) {
        int maxLine = data.consumeInt(1, 600);
        int chunks = data.consumeInt(1, 40);
        int[] cuts = new int[chunks];
        for (int i = 0; i < chunks; i++) cuts[i] = data.consumeInt(0, 4096);
        int headroom = data.consumeBoolean() ? maxLine : data.consumeInt(0, maxLine);
        byte[] stream = data.consumeRemainingAsBytes();

        Recorder got = new Recorder(maxLine);
        LineFramer framer = new LineFramer(maxLine);
        byte[] buf = new byte[headroom + 4096];
        int pos = 0;
        for (int i = 0; pos < stream.length; i++) {
            int n = Math.min(stream.length - pos, i < chunks ? cuts[i] : 4096);
            System.arraycopy(stream, pos, buf, headroom, n);
            framer.feed(buf, headroom, n, got);
            assertThat(framer.heldBytes()).isLessThanOrEqualTo(maxLine);
            pos += n;
        }
        framer.finish(got);

        Recorder want = reference(stream, maxLine);
        assertThat(got.events).isEqualTo(want.events);
    }

    /** The same rules applied to the whole stream in one piece. */
    private static Recorder reference(byte[] s, int maxLine) {
        Recorder r = new Recorder(Integer.MAX_VALUE);
        int start = 0;
        for (int i = 0; i <= s.length; i++) {
            boolean end = i == s.length;
            if (!end && s[i] != '\n' && s[i] != '\r') continue;
            int len = i - start;
            if (len > maxLine) {
                if (!end) r.lineTooLong(); // an unterminated overlong tail is dropped without a report
            } else if (len > 0) {
                r.line(s, start, len);
            }
            start = i + 1;
        }
        return r;
    }

    private static final class Recorder implements LineFramer.Sink {
        final List<String> events = new ArrayList<>();
        final int maxLine;

        Recorder(int maxLine) {
            this.maxLine = maxLine;
        }

        @Override
        public boolean line(byte[] buf, int off, int len) {
            assertThat(len).isBetween(1, maxLine);
            byte[] line = Arrays.copyOfRange(buf, off, off + len);
            for (byte b : line) assertThat(b).isNotIn((byte) '\r', (byte) '\n');
            events.add("L" + Arrays.toString(line));
            return true;
        }

        @Override
        public void lineTooLong() {
            events.add("TOO LONG");
        }
    }
}
