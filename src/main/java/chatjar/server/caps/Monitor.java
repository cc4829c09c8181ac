package chatjar.server.caps;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.NameRules;
import chatjar.server.Replies;
import chatjar.state.Client;
import chatjar.state.Users;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static chatjar.irc.Numerics.*;

/**
 * MONITOR (IRCv3 presence notification) and extended-monitor. The index runs both ways: nick → watchers, to
 * notify on sign-on, nick change and sign-off; client → its nicks, to forget it in one pass when it leaves.
 * Both are bounded by {@link #LIMIT} entries per client.
 */
public final class Monitor {
    public static final int LIMIT = 100;

    private final Replies out;
    private final Users users;
    private final NameRules names;
    private final Map<String, List<Client>> watchers = new HashMap<>();

    public Monitor(Replies out, Users users, NameRules names) {
        this.out = out;
        this.users = users;
        this.names = names;
    }

    public void register(Commands t) {
        t.add("MONITOR", 1, false, this::monitor);
    }

    // MONITOR + <targets> | MONITOR - <targets> | MONITOR C | MONITOR L | MONITOR S
    private void monitor(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        String op = m.param(0);
        String targets = m.paramCount() > 1 ? m.param(1) : "";
        switch (op) {
            case "+" -> add(c, targets);
            case "-" -> {
                for (String nick : targets.split(",")) if (!nick.isEmpty()) remove(c, CaseMapping.fold(nick));
            }
            case "C", "c" -> clear(c);
            case "L", "l" -> {
                List<String> list = local.monitored == null ? List.of() : local.monitored;
                for (String line : pack(list)) out.numeric(c, RPL_MONLIST, line);
                out.numeric(c, RPL_ENDOFMONLIST, "End of MONITOR list");
            }
            case "S", "s" -> status(c, local.monitored == null ? List.of() : List.copyOf(local.monitored));
            default -> out.numeric(c, ERR_UNKNOWNCOMMAND, "MONITOR", "Unknown MONITOR subcommand");
        }
    }

    private void add(Client c, String targets) {
        LocalUser local = LocalUser.of(c);
        List<String> added = new ArrayList<>();
        String[] nicks = targets.split(",");
        for (int i = 0; i < nicks.length; i++) {
            String nick = nicks[i];
            if (nick.isEmpty() || !names.validNick(nick)) continue;
            String folded = CaseMapping.fold(nick);
            if (local.monitored != null && local.monitored.contains(folded)) continue;
            if (local.monitored != null && local.monitored.size() >= LIMIT) {
                String rest = String.join(",", java.util.Arrays.copyOfRange(nicks, i, nicks.length));
                out.numeric(c, ERR_MONLISTFULL, String.valueOf(LIMIT), rest, "Monitor list is full.");
                break;
            }
            if (local.monitored == null) local.monitored = new ArrayList<>(4);
            local.monitored.add(folded);
            watchers.computeIfAbsent(folded, k -> new ArrayList<>(2)).add(c);
            added.add(nick);
        }
        status(c, added);
    }

    /** 730 for those online (as nick!user@host), 731 for the rest, packed into as few lines as fit. */
    private void status(Client c, List<String> nicks) {
        List<String> on = new ArrayList<>();
        List<String> off = new ArrayList<>();
        for (String nick : nicks) {
            Client u = users.find(nick);
            if (u != null && u.registered) on.add(u.prefix());
            else off.add(nick);
        }
        for (String line : pack(on)) out.numeric(c, RPL_MONONLINE, line);
        for (String line : pack(off)) out.numeric(c, RPL_MONOFFLINE, line);
    }

    private static List<String> pack(List<String> items) {
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (String s : items) {
            if (sb.length() > 0 && sb.length() + s.length() > 350) {
                lines.add(sb.toString());
                sb.setLength(0);
            }
            if (sb.length() > 0) sb.append(',');
            sb.append(s);
        }
        if (sb.length() > 0) lines.add(sb.toString());
        return lines;
    }

    private void remove(Client c, String folded) {
        LocalUser local = LocalUser.of(c);
        if (local.monitored == null || !local.monitored.remove(folded)) return;
        if (local.monitored.isEmpty()) local.monitored = null;
        List<Client> w = watchers.get(folded);
        if (w != null) {
            w.remove(c);
            if (w.isEmpty()) watchers.remove(folded);
        }
    }

    private void clear(Client c) {
        LocalUser local = LocalUser.of(c);
        if (local == null || local.monitored == null) return; // only local users MONITOR
        for (String folded : List.copyOf(local.monitored)) remove(c, folded);
    }

    /** {@code c} signed on, or took a new nick. */
    public void online(Client c) {
        List<Client> w = watchers.get(c.nickFolded);
        if (w == null) return;
        for (Client watcher : w) out.numeric(watcher, RPL_MONONLINE, c.prefix());
    }

    /** {@code nick} is free again: its owner left or renamed. */
    public void offline(String nick) {
        List<Client> w = watchers.get(CaseMapping.fold(nick));
        if (w == null) return;
        for (Client watcher : w) out.numeric(watcher, RPL_MONOFFLINE, nick);
    }

    /** The client is gone: tell its watchers and forget its own list. */
    public void disconnected(Client c) {
        if (c.registered && c.nick != null) offline(c.nick);
        clear(c);
    }

    /** Who MONITORs {@code c}'s nick, or null: extended-monitor watchers also hear its AWAY, ACCOUNT, SETNAME. */
    public List<Client> watchersOf(Client c) {
        return c.nickFolded == null ? null : watchers.get(c.nickFolded);
    }
}
