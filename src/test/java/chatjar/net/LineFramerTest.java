package chatjar.net;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Feeds bytes split at awkward points, as a socket delivers them. */
class LineFramerTest {
    final List<String> lines = new ArrayList<>();
    int tooLong;
    final LineFramer.Sink sink = new LineFramer.Sink() {
        @Override
        public boolean line(byte[] buf, int off, int len) {
            lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
            return true;
        }

        @Override
        public void lineTooLong() {
            tooLong++;
        }
    };

    /** Mimics the reactor: the new read after free headroom, where the framer puts back what it held. */
    void feed(LineFramer f, String s) {
        byte[] buf = new byte[Layer.HEADROOM + (1 << 16)];
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(in, 0, buf, Layer.HEADROOM, in.length);
        f.feed(buf, Layer.HEADROOM, in.length, sink);
    }

    @Test
    void aHeldTailLongerThanTheHeadroomIsJoinedInANewArray() {
        LineFramer f = new LineFramer(100);
        byte[] first = "PRIVMSG #a :".getBytes(StandardCharsets.UTF_8);
        f.feed(first, 0, first.length, sink);
        byte[] next = "xxhello\r\n".getBytes(StandardCharsets.UTF_8);
        f.feed(next, 2, next.length - 2, sink); // only 2 bytes of headroom: too few for the held 12
        assertThat(lines).containsExactly("PRIVMSG #a :hello");
        assertThat(f.heldBytes()).isZero();
    }

    @Test
    void splitsOnLfCrlfAndLoneCrAcrossReads() {
        LineFramer f = new LineFramer(100);
        feed(f, "NICK a\r");
        feed(f, "\nUSER b");
        feed(f, " 0 * :c\nPING x\rPI");
        feed(f, "NG y\r\n");
        assertThat(lines).containsExactly("NICK a", "USER b 0 * :c", "PING x", "PING y");
        assertThat(f.heldBytes()).isZero();
    }

    @Test
    void overlongLineIsDiscardedOnceAndFramingRecovers() {
        LineFramer f = new LineFramer(10);
        feed(f, "short\n" + "x".repeat(25));
        feed(f, "x".repeat(5000));
        assertThat(f.heldBytes()).isZero(); // discarding holds nothing, however long the line runs
        feed(f, "xx\nafter\n");
        assertThat(lines).containsExactly("short", "after");
        assertThat(tooLong).isEqualTo(1);
        feed(f, "y".repeat(11) + "\nok\n");
        assertThat(tooLong).isEqualTo(2);
        assertThat(lines).endsWith("ok");
    }

    @Test
    void unterminatedLastLineIsDeliveredAtEndOfStream() {
        LineFramer f = new LineFramer(100);
        feed(f, "hello,tom");
        assertThat(lines).isEmpty();
        f.finish(sink);
        assertThat(lines).containsExactly("hello,tom");
    }

    @Test
    void emptyLinesAreSkipped() {
        LineFramer f = new LineFramer(100);
        feed(f, "\r\n\n\r\na\n\n");
        assertThat(lines).containsExactly("a");
    }

    @Test
    void stopsDeliveringWhenTheSinkSaysSo() {
        LineFramer f = new LineFramer(100);
        byte[] buf = "one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8);
        f.feed(buf, 0, buf.length, new LineFramer.Sink() {
            @Override
            public boolean line(byte[] b, int off, int len) {
                lines.add(new String(b, off, len, StandardCharsets.UTF_8));
                return lines.size() < 2;
            }

            @Override
            public void lineTooLong() {
            }
        });
        assertThat(lines).containsExactly("one", "two");
    }
}
