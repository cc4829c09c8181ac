package chatjar.net.websocket;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which web pages may open a WebSocket to this server. A browser always sends {@code Origin}, so refusing
 * foreign origins stops another site's page from chatting in its visitor's name; non-browser clients send
 * none and are let through (they cannot be made to act for someone else). Same-origin, meaning the page was
 * served from the host and port the client is connecting to, is always allowed; the config adds others, or
 * {@code *} for any.
 */
public final class OriginPolicy {
    public static final OriginPolicy SAME_ORIGIN = new OriginPolicy(Set.of(), false);

    private final Set<String> allowed;
    private final boolean any;

    private OriginPolicy(Set<String> allowed, boolean any) {
        this.allowed = allowed;
        this.any = any;
    }

    /** Origins as a browser sends them ({@code https://chat.example.org}, {@code http://10.0.0.2:8080}), or "*". */
    public static OriginPolicy of(List<String> origins) {
        boolean any = origins.contains("*");
        Set<String> set = origins.stream().filter(o -> !o.equals("*")).map(OriginPolicy::normalise)
                .collect(Collectors.toUnmodifiableSet());
        return new OriginPolicy(set, any);
    }

    /**
     * @param origin the Origin header, or null when absent
     * @param host   the Host header the request came with
     * @param secure true on a TLS connection (wss), which decides the default port of {@code host}
     */
    public boolean allows(String origin, String host, boolean secure) {
        if (origin == null) return true;
        if (any) return true;
        String o = normalise(origin);
        if (allowed.contains(o)) return true;
        if (host == null) return false;
        String self = (secure ? "https://" : "http://") + host;
        return o.equals(normalise(self));
    }

    /** Lower-cased scheme://host:port with the scheme's default port made explicit, or "" if not a web origin. */
    static String normalise(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        int sep = o.indexOf("://");
        if (sep < 0) return ""; // "null" (sandboxed pages, file:) never matches
        String scheme = o.substring(0, sep);
        String rest = o.substring(sep + 3);
        if (rest.endsWith("/")) rest = rest.substring(0, rest.length() - 1);
        if (rest.isEmpty() || rest.contains("/") || rest.contains("@")) return "";
        int defaultPort = scheme.equals("https") ? 443 : scheme.equals("http") ? 80 : -1;
        if (defaultPort < 0) return "";
        int colon = rest.lastIndexOf(':');
        boolean hasPort = colon >= 0 && rest.indexOf(']', colon) < 0; // IPv6 literals contain colons too
        return scheme + "://" + (hasPort ? rest : rest + ":" + defaultPort);
    }
}
