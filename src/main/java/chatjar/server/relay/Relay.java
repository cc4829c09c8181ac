package chatjar.server.relay;

import chatjar.server.LocalUser;
import chatjar.server.Replies;
import chatjar.server.caps.Cap;
import chatjar.server.caps.Monitor;
import chatjar.server.caps.ServerTime;
import chatjar.server.relay.RelayEvent.Kind;
import chatjar.state.Channel;
import chatjar.state.Client;
import chatjar.state.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import chatjar.store.MsgIds;

import java.util.List;

/**
 * The one way an event reaches others. {@link #event} stamps it (msgid, server time) once; each delivery method
 * hands it to every local recipient in its audience, encoded once per capability variant and shared, then offers
 * it to the listeners once. Recipients are {@link Client}s: one whose {@link Client#local} is null is on another
 * node, is skipped here, and is the cluster's to reach. Loop thread only.
 */
public final class Relay {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final Replies out;
    private final Users users;
    private final Monitor monitor;
    private final ServerTime clock;
    /** The history's sequence: one number is the msgid, the server time and the order (see {@link MsgIds}). */
    private final MsgIds ids;
    /** Null until someone listens, so an unobserved event costs one null check. */
    private RelayListener listener;

    public Relay(Replies out, Users users, Monitor monitor, ServerTime clock) {
        this(out, users, monitor, clock, new MsgIds(0, 0));
    }

    /** With the history's msgid generator, seeded above its last stored seq so a restart never reissues one. */
    public Relay(Replies out, Users users, Monitor monitor, ServerTime clock, MsgIds ids) {
        this.ids = ids;
        this.out = out;
        this.users = users;
        this.monitor = monitor;
        this.clock = clock;
    }

    /** Adds a listener; several are called in the order they were added. */
    public void addListener(RelayListener l) {
        RelayListener first = listener;
        listener = first == null ? l : e -> {
            first.relayed(e);
            l.relayed(e);
        };
    }

    /** An event from {@code from} (null: the server) about {@code target}; see {@link RelayEvent#target()}. */
    public RelayEvent event(Kind kind, Client from, String target, String line) {
        return event(kind, from, target, line, null, null, null);
    }

    /**
     * With the sender's client-only tags, an extended-join form of the line, and a capability every recipient must
     * have (TAGMSG needs message-tags, AWAY away-notify ...); each may be null.
     */
    public RelayEvent event(Kind kind, Client from, String target, String line, String clientTags, String extendedLine,
                            Cap requires) {
        long seq = ids.next(System.currentTimeMillis());
        long time = MsgIds.timeMillis(seq);
        return new RelayEvent(kind, from, target, line, clock.format(time), time, seq, MsgIds.format(seq), clientTags,
                extendedLine, requires == null ? 0 : requires.bit);
    }

    /**
     * An event another node stamped and published: its msgid and time are kept, so every node shows the same ones.
     * Delivered with the methods below like a local event; its source has no local side, so a cluster's listener
     * does not publish it again.
     */
    public RelayEvent remote(Kind kind, Client from, String target, String line, long timeMillis, String msgid,
                             String clientTags, String extendedLine, long requires) {
        return new RelayEvent(kind, from, target, line, clock.format(timeMillis), timeMillis, MsgIds.parse(msgid), msgid,
                clientTags, extendedLine, requires);
    }

    /** To every member of {@code ch} except {@code except} (null: everyone). The fan-out hot path. */
    public void toChannel(RelayEvent e, Channel ch, Client except) {
        for (Client m : ch.members()) {
            if (m == except) continue;
            Client.Local local = m.local;
            if (local != null) out.send((LocalUser) local, e);
        }
        offer(e);
    }

    /** STATUSMSG and invite-notify: only members with one of {@code flags} (Channel.OP, Channel.VOICE). */
    public void toChannel(RelayEvent e, Channel ch, Client except, int flags) {
        for (Client m : ch.members()) {
            if (m == except || (ch.flags(m) & flags) == 0) continue;
            Client.Local local = m.local;
            if (local != null) out.send((LocalUser) local, e);
        }
        offer(e);
    }

    /** To one user (a private message). */
    public void toUser(RelayEvent e, Client to) {
        Client.Local local = to.local;
        if (local != null) out.send((LocalUser) local, e);
        offer(e);
    }

    /**
     * A message to oneself. With echo-message it arrives twice, as labeled-response asks: the echo answers the
     * (labelled) command, and the delivery goes out at once, unlabelled, as any incoming message would.
     */
    public void toSelf(RelayEvent e, Client c) {
        LocalUser u = LocalUser.of(c);
        if (u != null) {
            out.send(u, e);
            if (Cap.ECHO_MESSAGE.in(u.caps)) out.sendUnlabeled(u, e);
        }
        offer(e);
    }

    /** echo-message: the sender's own copy, if it asked for one. Local delivery only; the event is offered once. */
    public void echo(RelayEvent e, Client sender) {
        LocalUser u = LocalUser.of(sender);
        if (u != null && Cap.ECHO_MESSAGE.in(u.caps)) out.send(u, e);
    }

    /**
     * To everyone who shares a channel with {@code c}, each once however many channels they share; to {@code c}
     * itself when {@code self}; and with {@code watchers} also to extended-monitor watchers who share no channel
     * (AWAY, ACCOUNT, SETNAME, CHGHOST). NICK and QUIT use it without watchers: MONITOR has its own numerics.
     */
    public void toPeers(RelayEvent e, Client c, boolean self, boolean watchers) {
        int mark = users.nextVisitMark();
        c.visitMark = mark;
        if (self) send(c, e);
        for (Channel ch : c.channels()) {
            for (Client m : ch.members()) {
                if (m.visitMark == mark) continue;
                m.visitMark = mark;
                send(m, e);
            }
        }
        if (watchers) {
            List<Client> w = monitor.watchersOf(c);
            if (w != null) {
                for (Client watcher : w) {
                    LocalUser u = LocalUser.of(watcher);
                    if (watcher.visitMark != mark && u != null && Cap.EXTENDED_MONITOR.in(u.caps)) out.send(u, e);
                }
            }
        }
        offer(e);
    }

    /** INVITE: the invited user gets the bare line, as a server message; operators with invite-notify the event. */
    public void invite(RelayEvent e, Client invited, Channel ch, Client by) {
        out.send(invited, e.line);
        toChannel(e, ch, by, Channel.OP);
    }

    /** WALLOPS: the bare line to every operator, as a server message. */
    public void toOpers(RelayEvent e) {
        for (Client u : users.registeredUsers()) if (u.oper) out.send(u, e.line);
        offer(e);
    }

    private void send(Client c, RelayEvent e) {
        Client.Local local = c.local;
        if (local != null) out.send((LocalUser) local, e);
    }

    private void offer(RelayEvent e) {
        RelayListener l = listener;
        if (l == null) return;
        e.delivered();
        try {
            l.relayed(e);
        } catch (RuntimeException ex) {
            // A listener's failure must not undo a delivery already made, nor close the sender's connection.
            log.error("relay listener failed on {}", e, ex);
        }
    }
}
