package chatjar.server;

import chatjar.net.Scheduler;
import chatjar.server.limits.ConnectionLimiter;
import chatjar.server.state.Client;
import chatjar.server.state.Users;
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
        List<Client> drop = null;
        for (Client c : users.all()) {
            if (!c.registered) {
                if (now - c.connectedAt > regTimeout) (drop == null ? drop = new ArrayList<>() : drop).add(c);
            } else if (c.plain) {
                continue; // a nc user cannot answer PING; TCP tells us when they are gone
            } else if (c.pingSentAt != 0) {
                if (now - c.pingSentAt > deadAfter) (drop == null ? drop = new ArrayList<>() : drop).add(c);
            } else if (now - c.lastActive > pingAfter) {
                c.pingSentAt = now;
                out.send(c, "PING :" + serverName);
            }
        }
        if (drop != null) {
            for (Client c : drop) {
                if (c.registered) out.closeWithError(c, "Ping timeout: " + (now - c.lastActive) / 1000 + " seconds");
                else out.closeWithError(c, "Registration timed out");
            }
        }
        limiter.sweep(now);
        String refusals = limiter.takeReport(now);
        if (refusals != null) log.info(refusals);
        loop.schedule(1000, this::tick);
    }
}
