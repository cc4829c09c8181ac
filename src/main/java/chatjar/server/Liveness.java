package chatjar.server;

import chatjar.net.Scheduler;
import chatjar.server.limits.ConnectionLimiter;
import chatjar.state.Client;
import chatjar.state.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Once a second: ping the quiet, drop the silent and the never-registered. O(clients), like Redis's serverCron. */
final class Liveness {
    private static final Logger log = LoggerFactory.getLogger(ChatServer.class);

    private final Users users;
    private final Replies out;
    private final Supplier<ServerConfig> config;
    private final Scheduler loop;
    private final ConnectionLimiter limiter;
    private final String serverName;

    Liveness(Users users, Replies out, Supplier<ServerConfig> config, Scheduler loop, ConnectionLimiter limiter,
             String serverName) {
        this.users = users;
        this.out = out;
        this.config = config;
        this.loop = loop;
        this.limiter = limiter;
        this.serverName = serverName;
    }

    void start() {
        loop.schedule(1000, this::tick);
    }

    private void tick() {
        long now = loop.nowMillis();
        ServerConfig.Limits l = config.get().limits();
        long pingAfter = l.pingIntervalSeconds() * 1000L;
        long deadAfter = l.pingTimeoutSeconds() * 1000L;
        long regTimeout = l.registrationTimeoutSeconds() * 1000L;
        List<LocalUser> drop = null;
        for (Client c : users.all()) {
            LocalUser u = LocalUser.of(c);
            if (u == null) continue; // connected elsewhere: that node watches it
            if (!c.registered) {
                if (now - u.connectedAt > regTimeout) (drop == null ? drop = new ArrayList<>() : drop).add(u);
            } else if (u.plain) {
                continue; // a nc user cannot answer PING; TCP tells us when they are gone
            } else if (u.pingSentAt != 0) {
                if (now - u.pingSentAt > deadAfter) (drop == null ? drop = new ArrayList<>() : drop).add(u);
            } else if (now - u.lastActive > pingAfter) {
                u.pingSentAt = now;
                out.send(u, "PING :" + serverName);
            }
        }
        if (drop != null) {
            for (LocalUser u : drop) {
                if (u.client.registered) out.closeWithError(u.client, "Ping timeout: " + (now - u.lastActive) / 1000 + " seconds");
                else out.closeWithError(u.client, "Registration timed out");
            }
        }
        limiter.sweep(now);
        String refusals = limiter.takeReport(now);
        if (refusals != null) log.info(refusals);
        loop.schedule(1000, this::tick);
    }
}
