package chatjar.client;

import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

/**
 * Text from the network as the screen may show it. IRC formatting codes (bold, colour, italics, underline,
 * strikethrough, reverse, reset) become JLine styles, or nothing in plain output; every other control
 * character (C0, DEL, C1, ESC above all) becomes a visible placeholder, so no byte a stranger sent can move
 * the cursor, clear the screen or set the terminal title. The codes are read as modern.ircdocs.horse/formatting
 * describes them.
 */
final class IrcText {
    static final char BOLD = 0x02, COLOUR = 0x03, HEX_COLOUR = 0x04, RESET = 0x0f, MONOSPACE = 0x11,
            REVERSE = 0x16, ITALIC = 0x1d, STRIKE = 0x1e, UNDERLINE = 0x1f;

    /** mIRC colours 0-15 as the terminal's 16 colours, by hue rather than by exact shade. */
    private static final int[] PALETTE = {
            AttributedStyle.WHITE | AttributedStyle.BRIGHT, AttributedStyle.BLACK, AttributedStyle.BLUE,
            AttributedStyle.GREEN, AttributedStyle.RED | AttributedStyle.BRIGHT, AttributedStyle.RED,
            AttributedStyle.MAGENTA, AttributedStyle.YELLOW, AttributedStyle.YELLOW | AttributedStyle.BRIGHT,
            AttributedStyle.GREEN | AttributedStyle.BRIGHT, AttributedStyle.CYAN,
            AttributedStyle.CYAN | AttributedStyle.BRIGHT, AttributedStyle.BLUE | AttributedStyle.BRIGHT,
            AttributedStyle.MAGENTA | AttributedStyle.BRIGHT, AttributedStyle.BLACK | AttributedStyle.BRIGHT,
            AttributedStyle.WHITE};

    private IrcText() {}

    /** True for what a terminal would act on rather than print: C0, DEL and C1. */
    static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f);
    }

    /**
     * The placeholder shown for a control character: its Unicode control picture (ESC is ␛, BEL is ␇, DEL
     * is ␡) when the output can encode one, else caret notation ({@code ^[}). C1 has no pictures: {@code <9B>}.
     */
    static String placeholder(char c, boolean unicode) {
        if (c >= 0x80) return "<" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + ">";
        if (unicode) return String.valueOf(c == 0x7f ? '\u2421' : (char) (0x2400 + c));
        return "^" + (char) (c ^ 0x40);
    }

    /** {@code s} with formatting codes removed and other controls as placeholders: for pipe output and tests. */
    static String plain(String s, boolean unicode) {
        if (s == null || clean(s)) return s;
        StringBuilder sb = new StringBuilder(s.length() + 8);
        parse(s, new Sink() {
            @Override public void text(CharSequence t) {
                sb.append(t);
            }
            @Override public void control(char c) {
                sb.append(placeholder(c, unicode));
            }
        });
        return sb.toString();
    }

    /** {@code s} appended to {@code b} with its formatting as styles on top of {@code base}; {@code b} ends in {@code base}. */
    static void append(AttributedStringBuilder b, String s, AttributedStyle base, boolean unicode) {
        if (s == null) return;
        if (clean(s)) {
            b.style(base).append(s);
            return;
        }
        parse(s, new Sink() {
            AttributedStyle style = base;
            @Override public void text(CharSequence t) {
                b.style(style).append(t);
            }
            @Override public void control(char c) {
                // A placeholder is the client's own mark, not the sender's text: shown in reverse video.
                b.style(base.inverse()).append(placeholder(c, unicode));
            }
            @Override public void style(Format f) {
                style = f.apply(base);
            }
        });
        b.style(base);
    }

    private static boolean clean(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) return false;
        }
        return true;
    }

    /** What the parser reports: runs of text, stray controls, and the formatting in force after each code. */
    private interface Sink {
        void text(CharSequence t);

        void control(char c);

        default void style(Format f) { }
    }

    /** The formatting state as the codes have set it; colours are JLine colour numbers, -1 for none. */
    private static final class Format {
        boolean bold, italic, underline, strike, reverse;
        int fg = -1, bg = -1;
        int fgRgb = -1, bgRgb = -1;

        AttributedStyle apply(AttributedStyle base) {
            AttributedStyle s = base;
            if (bold) s = s.bold();
            if (italic) s = s.italic();
            if (underline) s = s.underline();
            if (strike) s = s.crossedOut();
            if (fg >= 0) s = s.foreground(fg);
            else if (fgRgb >= 0) s = s.foregroundRgb(fgRgb);
            if (bg >= 0) s = s.background(bg);
            else if (bgRgb >= 0) s = s.backgroundRgb(bgRgb);
            if (reverse) s = s.inverse();
            return s;
        }

        void resetColours() {
            fg = bg = fgRgb = bgRgb = -1;
        }
    }

    private static void parse(String s, Sink sink) {
        Format f = new Format();
        int start = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!isControl(c)) {
                i++;
                continue;
            }
            if (i > start) sink.text(s.subSequence(start, i));
            i++;
            switch (c) {
                case BOLD -> f.bold = !f.bold;
                case ITALIC -> f.italic = !f.italic;
                case UNDERLINE -> f.underline = !f.underline;
                case STRIKE -> f.strike = !f.strike;
                case REVERSE -> f.reverse = !f.reverse;
                case MONOSPACE -> { } // a terminal is monospace already
                case RESET -> f = new Format();
                case COLOUR -> i = colour(s, i, f);
                case HEX_COLOUR -> i = hexColour(s, i, f);
                default -> sink.control(c);
            }
            sink.style(f);
            start = i;
        }
        if (start < s.length()) sink.text(s.subSequence(start, s.length()));
    }

    /** {@code ^C[fg[,bg]]}, one or two digits each; a bare ^C ends colouring. Returns the index after the code. */
    private static int colour(String s, int i, Format f) {
        int fgEnd = digits(s, i);
        if (fgEnd == i) {
            f.resetColours();
            return i;
        }
        f.fgRgb = -1;
        f.fg = mirc(Integer.parseInt(s.substring(i, fgEnd)), f.fg);
        i = fgEnd;
        if (i + 1 < s.length() && s.charAt(i) == ',' && Character.isDigit(s.charAt(i + 1))) {
            int bgEnd = digits(s, i + 1);
            f.bgRgb = -1;
            f.bg = mirc(Integer.parseInt(s.substring(i + 1, bgEnd)), f.bg);
            i = bgEnd;
        }
        return i;
    }

    private static int digits(String s, int i) {
        int end = i;
        while (end < s.length() && end - i < 2 && s.charAt(end) >= '0' && s.charAt(end) <= '9') end++;
        return end;
    }

    /** 0-15 map to the palette, 99 means "default"; the extended 16-98 are left as they were (dropped). */
    private static int mirc(int code, int previous) {
        if (code < PALETTE.length) return PALETTE[code];
        return code == 99 ? -1 : previous;
    }

    /** {@code ^D[RRGGBB[,RRGGBB]]}; a bare ^D ends colouring. */
    private static int hexColour(String s, int i, Format f) {
        int fg = hex(s, i);
        if (fg < 0) {
            f.resetColours();
            return i;
        }
        f.fg = -1;
        f.fgRgb = fg;
        i += 6;
        if (i < s.length() && s.charAt(i) == ',') {
            int bg = hex(s, i + 1);
            if (bg >= 0) {
                f.bg = -1;
                f.bgRgb = bg;
                i += 7;
            }
        }
        return i;
    }

    private static int hex(String s, int i) {
        if (i + 6 > s.length()) return -1;
        int v = 0;
        for (int k = i; k < i + 6; k++) {
            char ch = s.charAt(k);
            int d = ch < 128 ? Character.digit(ch, 16) : -1;
            if (d < 0) return -1;
            v = v << 4 | d;
        }
        return v;
    }
}
