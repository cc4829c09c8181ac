package chatjar.state;

import chatjar.irc.CaseMapping;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The user registry: every client, registered or not, and the casefolded nick index that keeps nicks unique.
 * A user of another node would be listed here like any other, with no {@link Client#local} side.
 */
public final class Users {
    private final Map<String, Client> byNick = new HashMap<>();
    private final Set<Client> all = new LinkedHashSet<>();
    private int registered;
    private int maxRegistered;
    private int visitMark;

    public void connected(Client c) {
        all.add(c);
    }

    public void disconnected(Client c) {
        all.remove(c);
        if (c.nickFolded != null && byNick.get(c.nickFolded) == c) byNick.remove(c.nickFolded);
        if (c.registered) registered--;
    }

    public Client find(String nick) {
        return byNick.get(CaseMapping.fold(nick));
    }

    public boolean isTaken(String nick, Client except) {
        Client other = byNick.get(CaseMapping.fold(nick));
        return other != null && other != except;
    }

    /** Claims a nick (released from the client's old one); the caller has checked it is free. */
    public void rename(Client c, String nick) {
        if (c.nickFolded != null && byNick.get(c.nickFolded) == c) byNick.remove(c.nickFolded);
        c.nick = nick;
        c.nickFolded = CaseMapping.fold(nick);
        byNick.put(c.nickFolded, c);
    }

    public void markRegistered(Client c) {
        c.registered = true;
        registered++;
        maxRegistered = Math.max(maxRegistered, registered);
    }

    public Collection<Client> all() {
        return all;
    }

    public Collection<Client> registeredUsers() {
        return byNick.values();
    }

    public int count() {
        return all.size();
    }

    public int registeredCount() {
        return registered;
    }

    public int maxRegistered() {
        return maxRegistered;
    }

    public int invisibleCount() {
        int n = 0;
        for (Client c : byNick.values()) if (c.registered && c.invisible) n++;
        return n;
    }

    /** A fresh stamp for {@link Client#visitMark}: visiting peers once without a set per relay. */
    public int nextVisitMark() {
        return ++visitMark;
    }

    /** The stamp of the latest visit, so a follow-up pass can skip those already visited. */
    public int currentVisitMark() {
        return visitMark;
    }
}
