package chatjar.net.http;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile request heads: the parser never throws, never holds more than the head limit, consumes nothing past
 * the head, and reaches the same verdict however the bytes are split. Seeded mutations in every build; Jazzer
 * with {@code -Pfuzz}.
 */
class HttpRequestParserFuzzTest {
    static final HttpLimits LIMITS = new HttpLimits(100, 8, 400);

    @FuzzTest(maxDuration = "10m")
    void splitAnywhere(FuzzedDataProvider data) {
        int cut = data.consumeInt(0, 500);
        check(data.consumeRemainingAsBytes(), cut);
    }

    @Test
    void seededMutations() {
        byte[] valid = ("GET /a?b HTTP/1.1\r\nHost: h:1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n\u0081\u0080").getBytes(StandardCharsets.ISO_8859_1);
        Random r = new Random(9112);
        for (int round = 0; round < 5000; round++) {
            byte[] s = valid.clone();
            int flips = r.nextInt(5);
            for (int k = 0; k < flips; k++) s[r.nextInt(s.length)] = (byte) r.nextInt(256);
            if (r.nextInt(10) == 0) s = Arrays.copyOf(s, r.nextInt(s.length + 300)); // truncated or padded
            check(s, r.nextInt(s.length + 1));
        }
    }

    private static void check(byte[] s, int cut) {
        cut = Math.min(cut, s.length);
        HttpRequestParser whole = new HttpRequestParser(LIMITS);
        int usedWhole = whole.feed(s, 0, s.length);
        assertThat(whole.heldBytes()).isLessThanOrEqualTo(LIMITS.maxHeadBytes());

        HttpRequestParser split = new HttpRequestParser(LIMITS);
        int used = split.feed(s, 0, cut);
        if (used == cut) used += split.feed(s, cut, s.length - cut);
        assertThat(split.state()).isEqualTo(whole.state());
        assertThat(split.error()).isEqualTo(whole.error());
        assertThat(used).isEqualTo(usedWhole);
        if (whole.state() == HttpRequestParser.State.COMPLETE) {
            assertThat(split.request()).isEqualTo(whole.request());
            assertThat(whole.request().method()).isIn("GET", "HEAD");
            assertThat(whole.heldBytes()).isZero();
        }
    }
}
