package chatjar.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputHistoryTest {
    @Test
    void linesWithPasswordsAreNeverKept() {
        assertThat(InputHistory.isSecret("/oper admin hunter2")).isTrue();
        assertThat(InputHistory.isSecret("/OPER admin hunter2")).isTrue();
        assertThat(InputHistory.isSecret("/quote PASS hunter2")).isTrue();
        assertThat(InputHistory.isSecret("/raw authenticate AGFubgBodW50ZXIy")).isTrue();
        assertThat(InputHistory.isSecret("/msg NickServ IDENTIFY hunter2")).isTrue();
        assertThat(InputHistory.isSecret("/ns identify hunter2")).isTrue();
        assertThat(InputHistory.isSecret("  /oper admin hunter2")).isTrue();
    }

    @Test
    void ordinaryLinesAreKept() {
        assertThat(InputHistory.isSecret("hello everyone")).isFalse();
        assertThat(InputHistory.isSecret("/join #lobby")).isFalse();
        assertThat(InputHistory.isSecret("/msg bob the operator is away")).isFalse();
        assertThat(InputHistory.isSecret("passing by, hi")).isFalse();
    }
}
