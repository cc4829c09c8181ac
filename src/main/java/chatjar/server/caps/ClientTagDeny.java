package chatjar.server.caps;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code CLIENTTAGDENY} (IRCv3 message-tags): the client-only tags this server drops instead of relaying, and the
 * ISUPPORT token that tells clients so. Entries are tag names without their {@code +}: {@code typing} denies
 * {@code +typing}; {@code *} denies every client-only tag, and then {@code -name} exempts one
 * ({@code *,-draft/react}). No entries (the default) relays every client-only tag and advertises nothing: the spec
 * calls blocking "not a recommended default", a choice for operators who moderate.
 */
public final class ClientTagDeny {
    /** Letters, digits and hyphens, after an optional vendor host and slash (message-tags' key grammar). */
    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9.-]+/)?[A-Za-z0-9-]+");
    /** Keeps the token well inside one 005 line next to its neighbours. */
    private static final int MAX_TOKEN = 300;

    public static final ClientTagDeny NONE = new ClientTagDeny(false, Set.of(), List.of());

    private final boolean denyAll;
    /** The denied names, or with {@link #denyAll} the exempted ones. */
    private final Set<String> names;
    private final List<String> entries;

    private ClientTagDeny(boolean denyAll, Set<String> names, List<String> entries) {
        this.denyAll = denyAll;
        this.names = names;
        this.entries = entries;
    }

    /** The policy for checked {@code entries} (see {@link #problem}); order does not matter. */
    public static ClientTagDeny of(List<String> entries) {
        if (entries.isEmpty()) return NONE;
        boolean all = entries.contains("*");
        Set<String> names = new HashSet<>();
        List<String> token = new ArrayList<>();
        if (all) token.add("*");
        for (String e : entries) {
            if (e.equals("*")) continue;
            // With "*" only the exemptions mean anything; without it, only the plain names.
            if (all == e.startsWith("-") && names.add(all ? e.substring(1) : e)) token.add(e);
        }
        return new ClientTagDeny(all, Set.copyOf(names), List.copyOf(token));
    }

    /** What is wrong with this list of entries, or null when it is usable. */
    public static String problem(List<String> entries) {
        boolean all = entries.contains("*");
        for (String e : entries) {
            if (e.equals("*")) continue;
            if (e.startsWith("+")) return "write tag names without their +: " + e.substring(1) + ", not " + e;
            boolean exempt = e.startsWith("-");
            if (!NAME.matcher(exempt ? e.substring(1) : e).matches()) return "not a tag name: " + e;
            if (exempt && !all) return "an exemption (" + e + ") only means something after *";
        }
        if (String.join(",", entries).length() > MAX_TOKEN) return "the list is longer than " + MAX_TOKEN + " characters";
        return null;
    }

    public boolean isEmpty() {
        return !denyAll && names.isEmpty();
    }

    /** True if the client-only tag {@code key} (with its {@code +}) must be dropped. */
    public boolean denies(String key) {
        if (isEmpty()) return false;
        String name = key.startsWith("+") ? key.substring(1) : key;
        return denyAll != names.contains(name);
    }

    /** {@code CLIENTTAGDENY=...} for ISUPPORT, or null when nothing is denied (then the token is not sent). */
    public String isupportToken() {
        return isEmpty() ? null : "CLIENTTAGDENY=" + String.join(",", entries);
    }
}
