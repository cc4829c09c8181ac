package chatjar.server.caps;

import chatjar.state.Client;

import java.util.ArrayList;
import java.util.List;

/**
 * WHOX: {@code WHO <mask> %<fields>[,<token>]} answered with RPL_WHOSPCRPL (354), whose parameters follow the
 * fixed order {@code t c u i h s n f d l a o r} whatever order the fields were asked in (as ircu defined it).
 */
public final class Whox {
    private static final String ORDER = "tcuihsnfdlaor";

    private final String fields;
    private final String token;

    private Whox(String fields, String token) {
        this.fields = fields;
        this.token = token;
    }

    /** The WHOX request in WHO's second parameter, or null for a classic WHO. */
    public static Whox parse(String param) {
        if (param == null || !param.startsWith("%")) return null;
        int comma = param.indexOf(',');
        String fields = comma < 0 ? param.substring(1) : param.substring(1, comma);
        String token = comma < 0 ? "0" : param.substring(comma + 1);
        if (token.isEmpty() || token.length() > 3 || !token.chars().allMatch(Character::isDigit)) token = "0";
        return new Whox(fields, token);
    }

    /** The 354 parameters (after the asker's nick) for user {@code u} seen in {@code channel}. */
    public String[] reply(String channel, Client u, String flags, String serverName, long idleSeconds) {
        List<String> p = new ArrayList<>(ORDER.length());
        for (char f : ORDER.toCharArray()) {
            if (fields.indexOf(f) < 0) continue;
            p.add(switch (f) {
                case 't' -> token;
                case 'c' -> channel;
                case 'u' -> u.user;
                case 'i' -> u.local == null ? "255.255.255.255" : u.local.address(); // the real IP; unknown off-node
                case 'h' -> u.host;
                case 's' -> serverName;
                case 'n' -> u.nick;
                case 'f' -> flags;
                case 'd' -> "0";
                case 'l' -> String.valueOf(idleSeconds);
                case 'a' -> u.account == null ? "0" : u.account;
                case 'o' -> "n/a";
                default -> u.realname; // 'r', always last so it may hold spaces
            });
        }
        return p.toArray(new String[0]);
    }
}
