package chatjar.irc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {
    /** The line from the report: clears the screen and retitles the terminal if printed raw. */
    static final String ATTACK = "A\u001b[2J\u001b]0;pwned\u0007B";

    @Test
    void stripControlsRemovesEscapeSequencesIntroducers() {
        assertThat(Text.stripControls(ATTACK)).isEqualTo("A[2J]0;pwnedB").doesNotContain("\u001b", "\u0007");
    }

    @Test
    void escapeControlsShowsEveryControlAsHex() {
        assertThat(Text.escapeControls(ATTACK)).isEqualTo("A\\x1b[2J\\x1b]0;pwned\\x07B");
        assertThat(Text.escapeControls("c1 \u009b here\u007f")).isEqualTo("c1 \\x9b here\\x7f");
        assertThat(Text.escapeControls("plain")).isSameAs("plain");
    }

    @Test
    void formattingIsStrippedWithColourDigits() {
        assertThat(Text.stripFormatting("\u0002bold\u0002 \u000304,12red\u0003 \u00031x \u0003,5 \u000f\u001ditalic\u001d"))
                .isEqualTo("bold red x ,5 italic");
        assertThat(Text.stripFormatting("\u0004ff0000,00ff00hex\u0004")).isEqualTo("hex");
        assertThat(Text.stripFormatting("\u0003123")).isEqualTo("3");
    }

    @Test
    void mostlyTextTellsChatFromJunk() {
        assertThat(Text.isMostlyText("hello, wörld ✓")).isTrue();
        assertThat(Text.isMostlyText("")).isTrue();
        assertThat(Text.isMostlyText("\u0001\u0002\ufffd\ufffdab\u0000\u0007")).isFalse();
        assertThat(Text.isMostlyText("\ufffd\ufffd\ufffd\ufffdok")).isFalse();
    }
}
