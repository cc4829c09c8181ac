package chatjar.cluster;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.server.ChatServer;
import chatjar.server.caps.Monitor;
import chatjar.server.relay.Relay;
import chatjar.server.relay.RelayEvent;
import chatjar.server.relay.RelayEvent.Kind;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Users;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * This node's view of the users of the other nodes: each is a {@link Client} with no local side, listed in
 * {@link Users} and in its channels like any other. Applies what the other nodes publish to local state and
 * delivers it to local members through the {@link Relay}; the relay skips the remote source and the cluster's
 * listener ignores it, so nothing is published twice. Loop thread only; knows nothing of Redis.
 */
public final class Mirror {
    private static final Logger log = LoggerFactory.getLogger(Mirror.class);
    static final String SPLIT = "*.net *.split";

    private final String me;
    private final Users users;
    private final Channels channels;
    private final Relay relay;
    private final Monitor monitor;
    /** Called when a remote event changed a local user (kicked, opped): its record must be written again. */
    private final Consumer<Client> touched;
    /** Called with a channel's folded name when a remote KICK removed a local user from it. */
    private final Consumer<String> localLeft;
    /** Called when another node asks for every node's roster (it is resynchronising). */
    private final Runnable asked;
    /** The loop's clock, for remote users' idle time as WHOIS shows it (their last message as seen here). */
    private final java.util.function.LongSupplier clock;
    /** node → casefolded nick → that node's user. */
    private final Map<String, Map<String, Client>> byNode = new HashMap<>();
    /** node → its server name, from its users' records (WHOIS). */
    private final Map<String, String> serverNames = new HashMap<>();
    private final chatjar.server.Replies replies;

    public Mirror(String me, ChatServer server, java.util.function.LongSupplier clock, Consumer<Client> touched,
                  Consumer<String> localLeft, Runnable asked) {
        this.localLeft = localLeft;
        this.clock = clock;
        this.asked = asked;
        this.me = me;
        this.users = server.users();
        this.channels = server.channels();
        this.relay = server.relay();
        this.monitor = server.monitor();
        this.replies = server.replies();
        this.touched = touched;
    }

    /** The node a mirrored user is on, or null (a local user, or unknown). */
    public String nodeOf(Client c) {
        if (c.nickFolded == null) return null;
        for (var e : byNode.entrySet()) if (e.getValue().get(c.nickFolded) == c) return e.getKey();
        return null;
    }

    /** The server name of the node a mirrored user is on, or null. */
    public String serverOf(Client c) {
        String node = nodeOf(c);
        return node == null ? null : serverNames.getOrDefault(node, node);
    }

    /** Nodes this one mirrors users of. */
    public Set<String> nodes() {
        return byNode.keySet();
    }

    public int size() {
        int n = 0;
        for (Map<String, Client> m : byNode.values()) n += m.size();
        return n;
    }

    /** One message from the network channel; our own are skipped, anything malformed is logged and dropped. */
    public void apply(String message) {
        String[] f = Wire.split(message);
        if (f.length < 2 || f[0].equals(me)) return;
        try {
            switch (f[1]) {
                case Wire.EVENT -> event(f[0], f);
                case Wire.USER -> user(f[0], f, 2, true);
                case Wire.RESET -> nodeGone(f[0], SPLIT);
                case Wire.ROSTER -> roster(f[0], f.length > 2 && !f[2].isEmpty() ? Set.of(f[2].split(" ")) : Set.of());
                case Wire.ASK -> asked.run();
                case Wire.KILL -> { // sent to this node only: its user, closed here, QUITs everywhere
                    Client t = users.find(f[2]);
                    if (t != null && t.local != null) replies.closeWithError(t, f[3]);
                }
                case Wire.CHGHOST -> {
                    Client t = users.find(f[2]);
                    if (t != null && t.local != null) chatjar.server.caps.ChghostHandler.change(relay, t, f[3], f[4]);
                }
                default -> log.debug("unknown cluster message {}", f[1]);
            }
        } catch (RuntimeException e) {
            log.warn("dropping a malformed cluster message from {}: {}", f[0], e.toString());
        }
    }

    /**
     * A user of {@code node} from its record (fields from {@code at}): created with its channels when new (the
     * local members see it JOIN when {@code announce}: a burst after a split), updated when known.
     */
    public void user(String node, String[] f, int at, boolean announce) {
        String nick = f[at];
        String folded = CaseMapping.fold(nick);
        Map<String, Client> mine = byNode.computeIfAbsent(node, k -> new HashMap<>());
        Client c = mine.get(folded);
        boolean created = c == null;
        if (created) {
            Client holder = users.find(nick);
            if (holder != null) {
                // Leases make this rare (a Redis restart lost them); the older mirror entry stays, this one is dropped.
                log.warn("nick {} of node {} collides with {}; ignored", nick, node, holder);
                return;
            }
            c = new Client(f[at + 2], clock.getAsLong());
            users.connected(c);
            users.rename(c, nick);
            users.markRegistered(c);
            mine.put(folded, c);
            monitor.online(c);
        }
        c.user = f[at + 1];
        c.host = f[at + 2];
        c.realname = f[at + 3];
        c.account = Wire.nul(f[at + 4]);
        c.away = Wire.nul(f[at + 5]);
        c.invisible = f[at + 6].indexOf('i') >= 0;
        c.oper = f[at + 6].indexOf('o') >= 0;
        c.bot = f[at + 6].indexOf('B') >= 0;
        c.signonSeconds = Long.parseLong(f[at + 7]);
        if (f.length > at + 10) { // older nodes wrote no server name nor last message
            serverNames.put(node, f[at + 9]);
            // Idle as its own node counts it, on this loop's clock; a message seen here since may be later.
            long at0 = clock.getAsLong() - Math.max(0, System.currentTimeMillis() - Long.parseLong(f[at + 10]));
            c.lastMessageAt = created ? at0 : Math.max(c.lastMessageAt, at0);
        }
        if (f[at + 8].isEmpty()) return;
        for (String entry : f[at + 8].split(" ")) {
            int i = 0;
            while (i < entry.length() && Character.isDigit(entry.charAt(i))) i++;
            int flags = Integer.parseInt(entry.substring(0, i));
            String name = entry.substring(i);
            Channel ch = channels.find(name);
            if (ch == null) ch = channels.create(name, System.currentTimeMillis() / 1000);
            if (ch.has(c)) {
                ch.setFlag(c, Channel.OP, (flags & Channel.OP) != 0);
                ch.setFlag(c, Channel.VOICE, (flags & Channel.VOICE) != 0);
                continue;
            }
            ch.add(c, flags);
            if (announce) {
                String join = ":" + c.prefix() + " JOIN " + ch.name;
                relay.toChannel(relay.event(Kind.JOIN, c, ch.name, join, null,
                        join + " " + (c.account == null ? "*" : c.account) + " :" + c.realname, null), ch, c);
            }
        }
    }

    /** Network-wide channel state read at start or after a split (members come with the user records). */
    public void channelState(String value) {
        String[] f = Wire.split(value);
        Channel ch = channels.find(f[0]);
        if (ch == null) ch = channels.create(f[0], Long.parseLong(f[1]));
        Wire.applyChannel(ch, f);
    }

    /** A node is gone (dead, restarted, or out of reach): its users QUIT here with the netsplit reason. */
    public void nodeGone(String node, String reason) {
        serverNames.remove(node);
        Map<String, Client> gone = byNode.remove(node);
        if (gone == null) return;
        log.info("node {} is gone: {} of its users quit ({})", node, gone.size(), reason);
        for (Client c : gone.values()) quit(c, relay.event(Kind.QUIT, c, null, ":" + c.prefix() + " QUIT :" + reason));
    }

    /**
     * {@code node}'s roster: every user it serves now, sent after all its earlier messages. A user mirrored here
     * and missing from it left while this node could not hear (a QUIT lost in an outage): it quits here now.
     */
    public void roster(String node, Set<String> present) {
        Map<String, Client> mine = byNode.get(node);
        if (mine == null) return;
        for (Client c : List.copyOf(mine.values())) {
            if (present.contains(c.nickFolded)) continue;
            mine.remove(c.nickFolded);
            quit(c, relay.event(Kind.QUIT, c, null, ":" + c.prefix() + " QUIT :" + SPLIT));
        }
    }

    /** Every other node at once: this node lost the network (a Redis outage). */
    public void allGone(String reason) {
        for (String node : List.copyOf(byNode.keySet())) nodeGone(node, reason);
    }

    private void event(String node, String[] f) {
        Kind kind = Kind.valueOf(f[2]);
        Map<String, Client> mine = byNode.get(node);
        Client src = mine == null ? null : mine.get(CaseMapping.fold(f[3]));
        if (src == null) {
            log.debug("event from unknown user {} of node {}", f[3], node);
            return;
        }
        String target = Wire.nul(f[4]);
        String line = f[5];
        RelayEvent e = relay.remote(kind, src, target, line, Long.parseLong(f[7]), f[6], Wire.nul(f[8]),
                Wire.nul(f[9]), Long.parseLong(f[10]));
        List<String> p = e.params();
        switch (kind) {
            case PRIVMSG, NOTICE, TAGMSG -> {
                if (kind == Kind.PRIVMSG) src.lastMessageAt = clock.getAsLong();
                message(e, src, target);
            }
            case JOIN -> {
                Channel ch = channels.find(target);
                if (ch == null) ch = channels.create(target, e.timeMillis() / 1000);
                if (!ch.has(src)) ch.add(src, Integer.parseInt(f[11]));
                relay.toChannel(e, ch, null);
            }
            case PART -> {
                Channel ch = channels.find(target);
                if (ch == null) return;
                relay.toChannel(e, ch, null);
                ch.remove(src);
                channels.removeIfEmpty(ch);
            }
            case KICK -> {
                Channel ch = channels.find(target);
                Client kicked = users.find(p.get(1));
                if (ch == null || kicked == null) return;
                relay.toChannel(e, ch, null);
                ch.remove(kicked);
                channels.removeIfEmpty(ch);
                if (kicked.local != null) {
                    touched.accept(kicked);
                    localLeft.accept(ch.nameFolded);
                }
            }
            case QUIT -> {
                mine.remove(src.nickFolded);
                quit(src, e);
            }
            case NICK -> {
                String old = src.nick;
                mine.remove(src.nickFolded);
                users.rename(src, p.get(0));
                mine.put(src.nickFolded, src);
                relay.toPeers(e, src, false, false);
                monitor.offline(old);
                monitor.online(src);
            }
            case TOPIC -> {
                Channel ch = channels.find(target);
                if (ch == null) return;
                String topic = p.size() > 1 ? p.get(1) : "";
                ch.topic = topic.isEmpty() ? null : topic;
                ch.topicSetBy = e.prefix();
                ch.topicSetAt = e.timeMillis() / 1000;
                relay.toChannel(e, ch, null);
            }
            case MODE -> {
                Channel ch = channels.find(target);
                if (ch == null) return;
                ChannelModes.apply(ch, p, users, e.prefix(), e.timeMillis() / 1000, touched);
                relay.toChannel(e, ch, null);
            }
            case AWAY -> {
                if (target != null) { // the away-notify that follows a JOIN
                    Channel ch = channels.find(target);
                    if (ch != null) relay.toChannel(e, ch, src);
                    return;
                }
                src.away = p.isEmpty() || p.get(0).isEmpty() ? null : p.get(0);
                relay.toPeers(e, src, false, true);
            }
            case SETNAME -> {
                src.realname = p.get(0);
                relay.toPeers(e, src, false, true);
            }
            case CHGHOST -> {
                src.user = p.get(0);
                src.host = p.get(1);
                relay.toPeers(e, src, false, true);
            }
            case ACCOUNT -> {
                src.account = "*".equals(p.get(0)) ? null : p.get(0);
                relay.toPeers(e, src, false, true);
            }
            case INVITE -> {
                Channel ch = channels.find(target);
                Client invited = users.find(p.get(0));
                if (ch == null || invited == null) return;
                ch.invite(invited);
                relay.invite(e, invited, ch, src);
            }
            case WALLOPS -> relay.toOpers(e);
        }
    }

    private void message(RelayEvent e, Client src, String target) {
        int status = 0;
        String name = target;
        if (name.startsWith("@")) {
            status = Channel.OP;
            name = name.substring(1);
        } else if (name.startsWith("+")) {
            status = Channel.OP | Channel.VOICE;
            name = name.substring(1);
        }
        Channel ch = channels.find(name);
        if (ch != null) {
            if (status == 0) relay.toChannel(e, ch, src);
            else relay.toChannel(e, ch, src, status);
            return;
        }
        Client to = users.find(target);
        if (to != null && to.local != null) relay.toUser(e, to);
    }

    private void quit(Client c, RelayEvent e) {
        relay.toPeers(e, c, false, false);
        for (Channel ch : new ArrayList<>(c.channels())) {
            ch.remove(c);
            channels.removeIfEmpty(ch);
        }
        monitor.offline(c.nick);
        users.disconnected(c);
    }
}
