package chatjar.server.limits;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CheapLinesTest {
    private static boolean cheap(String line) {
        byte[] b = ("xx" + line + "yy").getBytes(StandardCharsets.UTF_8);
        return CheapLines.is(b, 2, b.length - 4);
    }

    @Test
    void keepalivesAndJoinQueriesAreCheap() {
        assertThat(cheap("PING :x")).isTrue();
        assertThat(cheap("ping x")).isTrue();
        assertThat(cheap("PONG :chat.local")).isTrue();
        assertThat(cheap("@label=1 PING x")).isTrue();
        assertThat(cheap(":ann PING x")).isTrue();
        assertThat(cheap("WHO #c")).isTrue();
        assertThat(cheap("WHO #c %tnuhraf,42")).isTrue();
        assertThat(cheap("MODE #c")).isTrue();
        assertThat(cheap("MODE ann")).isTrue();
        assertThat(cheap("MODE #c b")).isTrue();
        assertThat(cheap("MODE #c +b")).isTrue();
        assertThat(cheap("MODE #c :e")).isTrue();
        assertThat(cheap("MODE #c I")).isTrue();
    }

    @Test
    void whatFansOutOrChangesStateIsNot() {
        assertThat(cheap("PRIVMSG #c :PING")).isFalse();
        assertThat(cheap("PINGX")).isFalse();
        assertThat(cheap("PIN")).isFalse();
        assertThat(cheap("")).isFalse();
        assertThat(cheap("MODE")).isFalse();
        assertThat(cheap("MODE #c +b ann!*@*")).isFalse();
        assertThat(cheap("MODE #c +o ann")).isFalse();
        assertThat(cheap("MODE #c +m")).isFalse();
        assertThat(cheap("MODE #c -b")).isFalse();
        assertThat(cheap("MODE #c bb")).isFalse();
        assertThat(cheap("MODE ann b")).isFalse();
        assertThat(cheap("MODE ann +i")).isFalse();
        assertThat(cheap("JOIN #c")).isFalse();
        assertThat(cheap("WHOIS ann")).isFalse();
    }
}
