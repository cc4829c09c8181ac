package chatjar.irc;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser takes any line a client can send (decoded as the server decodes it) without throwing, and what
 * it accepts survives serialise → parse unchanged: the server relays parsed messages, so a message that
 * changed meaning on the way out would be a smuggling bug.
 */
class MessageFuzzTest {

    @FuzzTest(maxDuration = "10m")
    void parse(byte[] input) {
        String line = new String(input, StandardCharsets.UTF_8);
        Message m = Message.parse(line);
        if (m == null) return;
        assertThat(m.command()).isNotEmpty().doesNotContain(" ");
        assertThat(m.paramCount()).isLessThanOrEqualTo(Message.MAX_PARAMS);
        for (int i = 0; i < m.paramCount() - 1; i++) {
            assertThat(m.param(i)).isNotEmpty().doesNotContain(" ").doesNotStartWith(":");
        }
        if (m.prefix() != null) assertThat(m.prefix()).doesNotContain(" ");

        String wire = m.toString();
        Message again = Message.parse(wire);
        assertThat(again).as("re-parse of %s", wire).isNotNull();
        assertThat(again.tags()).isEqualTo(m.tags());
        assertThat(again.prefix()).isEqualTo(m.prefix());
        assertThat(again.command()).isEqualTo(m.command());
        assertThat(again.params()).isEqualTo(m.params());
        assertThat(again.toString()).isEqualTo(wire);
    }
}
