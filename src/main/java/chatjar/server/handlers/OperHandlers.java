package chatjar.server.handlers;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.irc.Message;
import chatjar.irc.Text;
import chatjar.net.Scheduler;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.Rehash;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.auth.HashWorker;
import chatjar.server.limits.LoginThrottle;
import chatjar.state.Client;
import chatjar.state.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Supplier;

import static chatjar.irc.Numerics.*;

/** Server operators: OPER, KILL, WALLOPS, REHASH. */
public final class OperHandlers {
    private static final Logger log = LoggerFactory.getLogger(OperHandlers.class);
    /** After a failed OPER the next attempt from that connection waits this long (guessing stays slow). */
    static final long RETRY_AFTER_FAILURE_MS = 5_000;

    private final Replies out;
    private final Relay relay;
    private final Users users;
    private final Supplier<ServerConfig> config;
    private final HashWorker hashes;
    private final Rehash rehash;
    private final Scheduler clock;
    private final Supplier<chatjar.server.Network> network;
    /** Per operator name, known or not, across connections (see LoginThrottle). */
    private final LoginThrottle throttle = new LoginThrottle();

    public OperHandlers(Replies out, Relay relay, Users users, Supplier<ServerConfig> config, HashWorker hashes,
                        Rehash rehash, Scheduler clock, Supplier<chatjar.server.Network> network) {
        this.network = network;
        this.out = out;
        this.relay = relay;
        this.users = users;
        this.config = config;
        this.hashes = hashes;
        this.rehash = rehash;
        this.clock = clock;
    }

    public void register(Commands t) {
        t.add("OPER", 2, false, this::oper);
        t.add("KILL", 1, false, this::kill);
        t.add("WALLOPS", 1, false, this::wallops);
        t.add("REHASH", 0, false, this::rehash);
    }

    // OPER <name> <password>
    private void oper(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        long now = clock.nowMillis();
        if (local.operRetryAt > now) {
            out.serverNotice(c, local.operRetryAt == Long.MAX_VALUE ? "OPER: still checking your last attempt"
                    : "OPER: too soon after a failed attempt; wait " + ((local.operRetryAt - now + 999) / 1000) + " s");
            return;
        }
        List<ServerConfig.Operator> ops = config.get().operators();
        if (ops.isEmpty()) {
            out.numeric(c, ERR_NOOPERHOST, "No O-lines for your host");
            return;
        }
        String name = m.param(0);
        if (throttle.locked(name, now)) {
            // Answered like a failure, connection wait included; logged at debug, since hammering it must not
            // become a log flood (the failures that caused the lock were logged as warnings).
            log.debug("OPER as '{}' refused without a check: too many failures for that name", Text.escapeControls(name));
            local.operRetryAt = now + RETRY_AFTER_FAILURE_MS;
            out.numeric(c, ERR_PASSWDMISMATCH, "Password incorrect");
            return;
        }
        ServerConfig.Operator block = null;
        for (ServerConfig.Operator o : ops) if (o.name().equals(name)) block = o;
        // An unknown name costs a full hash check too, so timing does not tell which names exist.
        String hash = block != null ? block.passwordHash() : ops.get(0).passwordHash();
        boolean known = block != null;
        local.operRetryAt = Long.MAX_VALUE;
        local.flood.hold(); // lines after OPER wait for its answer, so "OPER ...; KILL ..." works in one burst
        hashes.verify(hash, m.param(1), ok -> {
            operChecked(c, local, name, known && ok);
            local.flood.release();
        });
    }

    private void operChecked(Client c, LocalUser local, String name, boolean ok) {
        if (!ok) throttle.failed(name, clock.nowMillis()); // counted even if the guesser hung up meanwhile
        if (!local.link.isOpen()) return;
        if (!ok) {
            local.operRetryAt = clock.nowMillis() + RETRY_AFTER_FAILURE_MS;
            log.warn("failed OPER as '{}' by {} from {} (#{})", Text.escapeControls(name), c.nick, local.link.remoteAddress(), local.link.id());
            out.numeric(c, ERR_PASSWDMISMATCH, "Password incorrect");
            return;
        }
        local.operRetryAt = 0;
        log.info("OPER as '{}' by {} from {} (#{})", Text.escapeControls(name), c.nick, local.link.remoteAddress(), local.link.id());
        if (c.oper) return;
        c.oper = true;
        out.numeric(c, RPL_YOUREOPER, "You are now an IRC operator");
        out.send(c, ":" + c.prefix() + " MODE " + c.nick + " :+o");
        network.get().modesChanged(c);
    }

    private boolean requireOper(Client c) {
        if (c.oper) return true;
        out.numeric(c, ERR_NOPRIVILEGES, "Permission Denied- You're not an IRC operator");
        return false;
    }

    // KILL <nickname> [<comment>]
    private void kill(Client c, Message m) {
        if (!requireOper(c)) return;
        Client target = users.find(m.param(0));
        if (target == null || !target.registered) {
            out.numeric(c, ERR_NOSUCHNICK, m.param(0), "No such nick/channel");
            return;
        }
        String comment = m.paramCount() > 1 && !m.param(1).isEmpty() ? m.param(1) : c.nick;
        if (comment.length() > 200) comment = comment.substring(0, 200);
        log.info("KILL {} by {}: {}", target, c.nick, Text.escapeControls(comment));
        String reason = "Killed (" + c.nick + " (" + comment + "))";
        // A user of another node is closed there; its QUIT comes back like any other.
        if (!network.get().kill(target, reason)) out.closeWithError(target, reason);
    }

    // WALLOPS <text>: to every operator (user mode +w is not offered, so operators are the audience)
    private void wallops(Client c, Message m) {
        if (!requireOper(c)) return;
        relay.toOpers(relay.event(Kind.WALLOPS, c, null, ":" + c.prefix() + " WALLOPS :" + m.param(0)));
    }

    // REHASH
    private void rehash(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        if (!requireOper(c)) return;
        out.numeric(c, RPL_REHASHING, rehash.source(), "Rehashing");
        rehash.start(c.nick, summary -> {
            if (local.link.isOpen()) out.serverNotice(c, "REHASH: " + summary);
        });
    }
}
