package chatjar.server;

import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Users;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** What the operator's console and a shutdown do to the whole server. Loop thread only. */
public final class ServerAdmin {
    private final Users users;
    private final Channels channels;
    private final Replies out;
    private final Stats stats;
    private final Supplier<String> historyStats;

    ServerAdmin(Users users, Channels channels, Replies out, Stats stats, Supplier<String> historyStats) {
        this.historyStats = historyStats;
        this.users = users;
        this.channels = channels;
        this.out = out;
        this.stats = stats;
    }

    /** Every connected client gets {@code ERROR :Server shutting down}; the transport then flushes and closes. */
    public void shutdownNotice() {
        for (Client c : new ArrayList<>(users.all())) {
            LocalUser u = LocalUser.of(c);
            if (u == null) continue;
            out.send(u, "ERROR :Server shutting down");
            u.link.close("Server shutting down");
        }
    }

    /** A notice from the operator's console to every registered user. */
    public void noticeAll(String text) {
        for (Client c : users.all()) if (c.registered) out.serverNotice(c, text);
    }

    public String stats() {
        Runtime rt = Runtime.getRuntime();
        return String.format("clients %d (registered %d, max %d), channels %d, lines in %d, connections total %d (refused %d), heap %d MiB used",
                users.count(), users.registeredCount(), users.maxRegistered(), channels.count(), stats.linesIn(),
                stats.connectionsTotal(), stats.refusedTotal(), (rt.totalMemory() - rt.freeMemory()) >> 20)
                + "\n" + historyStats.get();
    }

    public List<String> userList() {
        List<String> lines = new ArrayList<>();
        for (Client c : users.all()) {
            lines.add(chatjar.irc.Text.escapeControls(String.format("%-16s %-15s %s%s", c.nick == null ? "(unregistered)" : c.nick, c.host,
                    LocalUser.of(c) != null && LocalUser.of(c).plain ? "plain " : "", c.channels().stream().map(ch -> ch.name).toList())));
        }
        return lines;
    }

    /** Disconnects a user from the console; false if no such nick. */
    public boolean kill(String nick, String reason) {
        Client c = users.find(nick);
        if (c == null) return false;
        out.closeWithError(c, "Killed by the operator" + (reason == null || reason.isBlank() ? "" : ": " + reason));
        return true;
    }
}
