package chatjar.server;

/**
 * Which nicks and channel names this server accepts. The lengths are advertised in ISUPPORT at registration,
 * so they are fixed at start-up (a REHASH keeps them) and read once here.
 */
public final class NameRules {
    private final int nickLen;
    private final int channelLen;

    public NameRules(ServerConfig.Limits limits) {
        this.nickLen = limits.nickLen();
        this.channelLen = limits.channelLen();
    }

    public boolean validNick(String nick) {
        if (nick.isEmpty() || nick.length() > nickLen) return false;
        char first = nick.charAt(0);
        if (!(Character.isLetter(first) && first < 128) && "[]\\`_^{|}".indexOf(first) < 0) return false;
        for (int i = 1; i < nick.length(); i++) {
            char ch = nick.charAt(i);
            if (ch >= 128 || !(Character.isLetterOrDigit(ch) || "[]\\`_^{|}-".indexOf(ch) >= 0)) return false;
        }
        return true;
    }

    public boolean validChannelName(String name) {
        if (name.length() < 2 || name.length() > channelLen || name.charAt(0) != '#') return false;
        for (int i = 1; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == ' ' || ch == ',' || ch == 7 || ch == ':' || ch < ' ' || ch == '\uFFFD') return false;
        }
        return true;
    }
}
