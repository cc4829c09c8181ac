package chatjar.client;

/**
 * One thing to show the user, already turned into words. {@code window} is the channel or query nick it
 * belongs to (null: the server or the client itself). The interactive screen styles it; {@link #plain} is
 * the escape-free form pipe mode prints and tests read. {@code replayed}: a line from the server's history
 * (scrollback), whose {@code atMillis} is when it was said, not when it arrived.
 */
public record Line(Kind kind, String window, String nick, String text, boolean own, long atMillis, boolean replayed) {
    public enum Kind {
        /** PRIVMSG text. */ MESSAGE,
        /** CTCP ACTION (/me). */ ACTION,
        NOTICE,
        /** Someone joined, left, quit, was kicked, changed nick, topic or modes. */ EVENT,
        /** An answer to something the user asked (WHOIS, NAMES, LIST, TOPIC ...). */ INFO,
        /** Welcome and MOTD text: shown on the screen, left out of pipe output. */ BANNER,
        /** The server refused something; shown as a sentence. */ ERROR,
        /** The client's own news: connecting, reconnecting, usage hints. */ STATUS
    }

    public static Line of(Kind kind, String window, String text) {
        return new Line(kind, window, null, text, false, System.currentTimeMillis(), false);
    }

    public static Line chat(Kind kind, String window, String nick, String text, boolean own) {
        return new Line(kind, window, nick, text, own, System.currentTimeMillis(), false);
    }

    /** This line as scrollback said at {@code millis} (server time). */
    public Line replayedAt(long millis) {
        return new Line(kind, window, nick, text, own, millis, true);
    }

    /** This line at the server's time of it. */
    public Line at(long millis) {
        return new Line(kind, window, nick, text, own, millis, replayed);
    }

    public boolean isChat() {
        return kind == Kind.MESSAGE || kind == Kind.ACTION || kind == Kind.NOTICE;
    }

    public boolean inChannel() {
        return window != null && isChannel(window);
    }

    /** Channel prefixes of RFC 2811 that servers advertise in CHANTYPES. */
    public static boolean isChannel(String target) {
        return !target.isEmpty() && "#&+!".indexOf(target.charAt(0)) >= 0;
    }

    /**
     * "#lobby <tom> hi", "*tom* hi" (private), "-tom- note", "* tom waves", "-!- tom joined #lobby": without
     * IRC formatting, and with every control character as a visible placeholder (␛ for ESC).
     */
    public String plain() {
        return plain(true);
    }

    /** {@link #plain()}; {@code unicode} false writes placeholders in caret notation ({@code ^[}) for ASCII outputs. */
    public String plain(boolean unicode) {
        String window = IrcText.plain(this.window, unicode);
        String nick = IrcText.plain(this.nick, unicode);
        String text = IrcText.plain(this.text, unicode);
        String stamp = replayed ? "[" + Formatter.stamp(atMillis) + "] " : "";
        String where = stamp + (inChannel() ? window + " " : own && window != null ? "-> " : "");
        return switch (kind) {
            case MESSAGE -> where + (inChannel() ? "<" + nick + "> " : "*" + (own ? window : nick) + "* ") + text;
            case ACTION -> where + "* " + nick + " " + text;
            case NOTICE -> where + "-" + (own && !inChannel() ? window : nick) + "- " + text;
            default -> stamp + "-!- " + text;
        };
    }
}
