package chatjar.client;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Network text on the screen: IRC formatting as styles or nothing, every other control as a placeholder. */
class IrcTextTest {
    /** The line of issue 13: clear screen, set the terminal title, ring the bell. */
    static final String HOSTILE = "A\u001b[2J\u001b]0;pwned\u0007B";

    static AttributedString styled(String s) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        IrcText.append(b, s, AttributedStyle.DEFAULT, true);
        return b.toAttributedString();
    }

    @Test
    void escapeSequencesBecomeVisibleAndInert() {
        assertThat(IrcText.plain(HOSTILE, true)).isEqualTo("A\u241b[2J\u241b]0;pwned\u2407B");
        assertThat(IrcText.plain(HOSTILE, false)).isEqualTo("A^[[2J^[]0;pwned^GB");
        String ansi = styled(HOSTILE).toAnsi();
        assertThat(ansi).doesNotContain("\u0007").doesNotContain("\u001b[2J").doesNotContain("\u001b]")
                .contains("\u241b").contains("pwned");
        assertThat(styled(HOSTILE).toString()).isEqualTo("A\u241b[2J\u241b]0;pwned\u2407B");
    }

    @Test
    void everyOtherControlIsAPlaceholder() {
        assertThat(IrcText.plain("a\u0000b\u0001c\tz\u007f", true)).isEqualTo("a\u2400b\u2401c\u2409z\u2421");
        assertThat(IrcText.plain("x\u009b2Jy\u0085", true)).as("C1: CSI and NEL").isEqualTo("x<9B>2Jy<85>");
        assertThat(IrcText.plain("x\u009by", false)).isEqualTo("x<9B>y");
        assertThat(IrcText.plain("plain \u00e9t\u00e9 \u2603", true)).isEqualTo("plain \u00e9t\u00e9 \u2603");
        for (char c = 0; c < 0xa0; c++) {
            String out = IrcText.plain("<" + c + ">", true) + styled("<" + c + ">").toAnsi();
            String printed = out.replaceAll("\u001b\\[[0-9;]*m", ""); // the styles JLine itself writes
            for (char d : printed.toCharArray()) {
                assertThat(IrcText.isControl(d)).as("char %d printed raw", (int) c).isFalse();
            }
        }
    }

    @Test
    void formattingCodesBecomeStylesAndVanishFromPlainText() {
        String s = "\u0002bold\u0002 \u001ditalic\u001d \u001funder\u001f \u001estrike\u001e \u0016rev\u000f plain";
        assertThat(IrcText.plain(s, true)).isEqualTo("bold italic under strike rev plain");
        AttributedString a = styled(s);
        assertThat(a.toString()).isEqualTo("bold italic under strike rev plain");
        assertThat(a.styleAt(0)).isEqualTo(AttributedStyle.DEFAULT.bold());
        assertThat(a.styleAt(5)).isEqualTo(AttributedStyle.DEFAULT.italic());
        assertThat(a.styleAt(12)).isEqualTo(AttributedStyle.DEFAULT.underline());
        assertThat(a.styleAt(18)).isEqualTo(AttributedStyle.DEFAULT.crossedOut());
        assertThat(a.styleAt(25)).isEqualTo(AttributedStyle.DEFAULT.inverse());
        assertThat(a.styleAt(29)).as("after ^O reset").isEqualTo(AttributedStyle.DEFAULT);
        assertThat(IrcText.plain("\u0011mono\u0011", true)).isEqualTo("mono");
    }

    @Test
    void mircColoursMapToTheTerminalPalette() {
        AttributedString a = styled("\u000304red\u00033,12green on blue\u0003 none \u00039,x");
        assertThat(a.toString()).isEqualTo("redgreen on blue none ,x");
        assertThat(a.styleAt(0)).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.RED | AttributedStyle.BRIGHT));
        assertThat(a.styleAt(3)).isEqualTo(AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN)
                .background(AttributedStyle.BLUE | AttributedStyle.BRIGHT));
        assertThat(a.styleAt(17)).as("a bare ^C ends colour").isEqualTo(AttributedStyle.DEFAULT);
        assertThat(a.styleAt(22)).as("a comma without digits is text").isEqualTo(
                AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN | AttributedStyle.BRIGHT));
        assertThat(IrcText.plain("\u0003123 three digits: the third is text", true)).isEqualTo("3 three digits: the third is text");
        assertThat(IrcText.plain("\u000399,99default", true)).isEqualTo("default");
        assertThat(styled("\u000399x").styleAt(0)).isEqualTo(AttributedStyle.DEFAULT);
    }

    @Test
    void hexColoursAreRgbOrDropped() {
        AttributedString a = styled("\u0004FF8000orange\u0004 \u0004zz");
        assertThat(a.toString()).isEqualTo("orange zz");
        assertThat(a.styleAt(0)).isEqualTo(AttributedStyle.DEFAULT.foregroundRgb(0xFF8000));
        assertThat(a.styleAt(6)).isEqualTo(AttributedStyle.DEFAULT);
        assertThat(IrcText.plain("\u0004112233,445566x", true)).isEqualTo("x");
    }

    @Test
    void stylesLayerOverTheLinesOwnStyle() {
        AttributedStringBuilder b = new AttributedStringBuilder();
        IrcText.append(b, "a\u0002b", AttributedStyle.DEFAULT.italic(), true);
        b.append("c");
        AttributedString s = b.toAttributedString();
        assertThat(s.styleAt(1)).isEqualTo(AttributedStyle.DEFAULT.italic().bold());
        assertThat(s.styleAt(2)).as("formatting ends with the text").isEqualTo(AttributedStyle.DEFAULT.italic());
    }
}
