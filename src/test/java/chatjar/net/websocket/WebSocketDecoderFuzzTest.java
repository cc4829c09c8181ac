package chatjar.net.websocket;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bytes: whatever a client sends and however the socket splits it, the decoder never throws, never
 * holds more than the message limit, delivers no line with CR or LF or (in text) invalid UTF-8, and produces
 * exactly what it produces for the same bytes in one piece. Seeded random streams run in every build (mutated
 * valid frames, so the input gets past the header checks); {@code -Pfuzz} explores with Jazzer.
 */
class WebSocketDecoderFuzzTest {
    static final int MAX_FRAME = 300, MAX_MESSAGE = 700;

    @FuzzTest(maxDuration = "10m")
    void splitAnywhere(FuzzedDataProvider data) {
        int chunks = data.consumeInt(1, 20);
        int[] cuts = new int[chunks];
        for (int i = 0; i < chunks; i++) cuts[i] = data.consumeInt(0, 600);
        check(data.consumeRemainingAsBytes(), cuts);
    }

    @Test
    void seededMutationsOfValidStreams() {
        Random r = new Random(6455);
        for (int round = 0; round < 3000; round++) {
            byte[] stream = validStream(r);
            int flips = r.nextInt(4);
            for (int k = 0; k < flips && stream.length > 0; k++) stream[r.nextInt(stream.length)] ^= (byte) (1 << r.nextInt(8));
            int[] cuts = new int[1 + r.nextInt(8)];
            for (int i = 0; i < cuts.length; i++) cuts[i] = r.nextInt(80);
            check(stream, cuts);
        }
    }

    private static byte[] validStream(Random r) {
        List<byte[]> frames = new ArrayList<>();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            byte[] payload = new byte[r.nextInt(r.nextBoolean() ? 40 : 400)];
            for (int k = 0; k < payload.length; k++) payload[k] = (byte) (r.nextInt(10) == 0 ? r.nextInt(256) : 'a' + r.nextInt(26));
            int op = new int[]{0, 1, 2, 8, 9, 10}[r.nextInt(6)];
            if (op >= 8 && payload.length > 125) payload = Arrays.copyOf(payload, 10);
            frames.add(Frames.frame(op >= 8 || r.nextInt(3) > 0, op, payload, r.nextInt(20) > 0));
        }
        return Frames.concat(frames.toArray(new byte[0][]));
    }

    private static void check(byte[] stream, int[] cuts) {
        Recorder whole = new Recorder();
        WebSocketDecoder d1 = new WebSocketDecoder(MAX_FRAME, MAX_MESSAGE);
        d1.feed(stream.clone(), 0, stream.length, whole);

        Recorder split = new Recorder();
        WebSocketDecoder d2 = new WebSocketDecoder(MAX_FRAME, MAX_MESSAGE);
        int pos = 0;
        for (int i = 0; pos < stream.length; i++) {
            int n = Math.min(stream.length - pos, i < cuts.length ? cuts[i] : 600);
            d2.feed(Arrays.copyOfRange(stream, pos, pos + n), 0, n, split);
            assertThat(d2.heldBytes()).isLessThanOrEqualTo(MAX_MESSAGE + 125);
            pos += n;
        }
        assertThat(split.events).isEqualTo(whole.events);
    }

    static final class Recorder implements WebSocketDecoder.Sink {
        final List<String> events = new ArrayList<>();
        private boolean closed;

        @Override
        public boolean line(byte[] buf, int off, int len) {
            assertThat(closed).isFalse();
            assertThat(len).isPositive().isLessThanOrEqualTo(3 * MAX_MESSAGE);
            for (int i = off; i < off + len; i++) assertThat(buf[i]).isNotIn((byte) '\r', (byte) '\n');
            events.add("line " + Arrays.toString(Arrays.copyOfRange(buf, off, off + len)));
            return true;
        }

        @Override
        public void send(byte[] frame) {
            assertThat(Frames.parseServer(frame)).hasSize(1);
            events.add("send " + Arrays.toString(frame));
        }

        @Override
        public void close(int code, String reason) {
            assertThat(closed).as("close once").isFalse();
            closed = true;
            events.add("close " + code + " " + reason);
        }
    }

    @Test
    void textLinesAreAlwaysUtf8() {
        Random r = new Random(17);
        for (int round = 0; round < 500; round++) {
            byte[] payload = new byte[r.nextInt(100)];
            r.nextBytes(payload);
            List<byte[]> got = new ArrayList<>();
            byte[] f = Frames.frame(true, 1, payload, true);
            new WebSocketDecoder(MAX_FRAME, MAX_MESSAGE).feed(f, 0, f.length, new WebSocketDecoder.Sink() {
                public boolean line(byte[] buf, int off, int len) {
                    got.add(Arrays.copyOfRange(buf, off, off + len));
                    return true;
                }

                public void send(byte[] frame) {}

                public void close(int code, String reason) {}
            });
            for (byte[] line : got) {
                assertThat(Utf8.isValid(line, 0, line.length)).isTrue();
                assertThat(new String(line, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)).isEqualTo(line);
            }
        }
    }
}
