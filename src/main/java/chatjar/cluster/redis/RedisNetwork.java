package chatjar.cluster.redis;

import chatjar.cluster.Mirror;
import chatjar.cluster.Wire;
import chatjar.irc.CaseMapping;
import chatjar.net.Scheduler;
import chatjar.server.ChatServer;
import chatjar.server.Network;
import chatjar.server.relay.RelayEvent;
import chatjar.server.relay.RelayListener;
import chatjar.state.Channel;
import chatjar.state.Client;
import chatjar.state.Users;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * This node's link to the others through one Redis: a {@link Network} (nick leases claimed atomically by a
 * script), a {@link RelayListener} (each event from a local user published once, serialised once, on the one
 * network channel), and the heartbeat that keeps this node alive and notices dead ones. Redis is only ever asked
 * asynchronously: Lettuce completes on its own threads, and every completion only enqueues a task into the loop,
 * which applies it. Everything else here runs on the loop thread. See docs/cluster.md.
 */
public final class RedisNetwork implements Network, RelayListener {
    private static final Logger log = LoggerFactory.getLogger(RedisNetwork.class);
    static final String PREFIX = "chatjar:";
    /** Everything but messages: users, membership, channel state, rosters. Every node hears it. */
    static final String CHANNEL = PREFIX + "net";
    /** Messages to a channel, heard only by nodes with members in it. */
    static final String CHAN = PREFIX + "chan:";
    /** Private messages to a node's users. */
    static final String NODE = PREFIX + "node:";

    /** What was asked for at start. */
    public record Options(String uri, String node, long timeoutMillis) { }

    private final Options options;
    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> conn;
    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> sub;
    private final String me;
    private final String instance = Long.toString(new SecureRandom().nextLong() >>> 1, 36);

    private Scheduler loop;
    private ChatServer server;
    private Users users;
    private Mirror mirror;
    private volatile Heartbeat heartbeat;
    /** The nick each local client holds a lease on (claims may end before registration does). */
    private final Map<Client, String> leased = new HashMap<>();
    /** Local users whose record must be written again; flushed once per loop turn. */
    private final Set<Client> dirty = new LinkedHashSet<>();
    private Subscriptions subscriptions;
    /** Publishes wait here while a channel subscription is made (the first message after a JOIN). */
    private Outbox outbox;
    private final java.util.concurrent.atomic.AtomicLong channelMessages = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    private RedisNetwork(Options options, ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> conn,
                         StatefulRedisPubSubConnection<String, String> sub) {
        this.options = options;
        this.resources = resources;
        this.client = client;
        this.conn = conn;
        this.redis = conn.async();
        this.sub = sub;
        this.me = options.node();
    }

    /**
     * Connects (blocking: at start, before the loop serves) and claims the node name, forgetting what a previous
     * run under it left behind. Throws {@link IllegalStateException} with a one-line reason when Redis cannot be
     * reached or the name is in use.
     */
    public static RedisNetwork connect(Options options) {
        RedisConnector.Connected c = RedisConnector.open(options);
        return new RedisNetwork(options, c.resources(), c.client(), c.conn(), c.sub());
    }

    /** Plugs into the server: the nick seam and the relay's listener. Before any client connects. */
    public void attach(ChatServer server) {
        this.server = server;
        this.users = server.users();
        this.subscriptions = new Subscriptions(sub, this::isClosed);
        this.mirror = new Mirror(me, server, () -> loop.nowMillis(), this::touched, f -> subscriptions.left(f),
                () -> heartbeat.sendRoster());
        server.setNetwork(this);
        server.relay().addListener(this);
    }

    /**
     * Call before the loop serves anyone (its tasks may queue before it runs). Subscribes (blocking, off the loop),
     * then on the loop: the first heartbeat, the snapshot of the other nodes'
     * users and of channel state, and the heartbeat timer.
     */
    public void start(Scheduler loop) {
        this.loop = loop;
        this.outbox = new Outbox(loop, (topic, message) -> send(() -> redis.publish(topic, message)));
        sub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (channel.startsWith(CHAN)) channelMessages.incrementAndGet();
                loop.execute(() -> mirror.apply(message));
            }
        });
        sub.sync().subscribe(CHANNEL, NODE + me);
        heartbeat = new Heartbeat(this, redis, sub, options.timeoutMillis(), instance, loop, server, mirror);
        heartbeat.start();
    }

    /** The URI without a password, for logs and messages. */
    public static String redact(String uri) {
        return RedisConnector.redact(uri);
    }

    /** This node's name. */
    public String node() {
        return me;
    }

    /** Users of other nodes mirrored here (LUSERS, tests, the console). */
    @Override
    public int remoteUsers() {
        return mirror.size();
    }

    /** True while this node cannot reach the cluster and serves its users alone. */
    public boolean isSplit() {
        Heartbeat h = heartbeat;
        return h != null && h.split;
    }

    /** Times this node has re-announced itself after losing its place in Redis (for tests and the console). */
    public int rejoins() {
        Heartbeat h = heartbeat;
        return h == null ? 0 : h.rejoins;
    }

    boolean isClosed() {
        return closed;
    }

    // ---- Network ----

    @Override
    public boolean alone() {
        return false;
    }

    @Override
    public void claimNick(Client c, String nick, java.util.function.Consumer<Boolean> answer) {
        String folded = CaseMapping.fold(nick);
        // Split from the others, this node serves its own users alone; the nick is claimed again when it heals.
        CompletionStage<Long> claim;
        boolean split = isSplit();
        if (closed || split) claim = CompletableFuture.completedFuture(split ? 1L : 0L);
        else {
            try {
                claim = redis.eval(Scripts.CLAIM, ScriptOutputType.INTEGER, new String[]{PREFIX + "nick:" + folded}, me, PREFIX);
            } catch (RuntimeException e) {
                claim = CompletableFuture.failedFuture(e);
            }
        }
        claim.whenComplete((r, err) -> loop.execute(() -> {
            boolean ok = err == null && r != null && r == 1L;
            if (err != null) log.debug("nick claim for {} failed: {}", nick, err.toString()); // Redis away: 433
            answer.accept(ok);
            if (!ok) return;
            if (folded.equals(c.nickFolded) && c.local != null && users.find(nick) == c) {
                String previous = leased.put(c, folded);
                if (previous != null && !previous.equals(folded)) release(previous, c);
            } else {
                release(folded, null); // claimed, then not taken: gone, or another local user was faster
            }
        }));
    }

    @Override
    public void registered(Client c) {
        String record = record(c);
        send(() -> redis.hset(PREFIX + "users:" + me, c.nickFolded, record));
        publish(CHANNEL, Wire.user(me, record));
    }

    @Override
    public int servers() {
        Heartbeat h = heartbeat;
        return h == null ? 1 : h.liveNodes;
    }

    @Override
    public String serverOf(Client c) {
        return mirror.serverOf(c);
    }

    @Override
    public boolean kill(Client target, String reason) {
        if (target.local != null) return false;
        String owner = mirror.nodeOf(target);
        if (owner != null) publish(NODE + owner, Wire.kill(me, target.nick, reason));
        return true;
    }

    @Override
    public boolean chghost(Client target, String user, String host) {
        if (target.local != null) return false;
        String owner = mirror.nodeOf(target);
        if (owner != null) publish(NODE + owner, Wire.chghost(me, target.nick, user, host));
        return true;
    }

    @Override
    public void modesChanged(Client c) {
        if (!c.registered || c.local == null) return;
        touched(c);
        publish(CHANNEL, Wire.user(me, record(c))); // a known user's record updates its mirror in place
    }

    /** A local user's record, with this node's server name and its last message on the wall clock. */
    private String record(Client c) {
        long last = System.currentTimeMillis() - Math.max(0, loop.nowMillis() - c.lastMessageAt);
        return Wire.record(c, server.config().name(), last);
    }

    @Override
    public void disconnected(Client c) {
        dirty.remove(c);
        String f = leased.remove(c);
        if (f != null) release(f, c);
        if (c.registered && c.nickFolded != null) send(() -> redis.hdel(PREFIX + "users:" + me, c.nickFolded));
    }

    // ---- RelayListener: events of local users go out once ----

    @Override
    public void relayed(RelayEvent e) {
        Client src = e.source();
        if (src == null || src.local == null || closed) return; // a remote event, applied here: never echoed back
        RelayEvent.Kind k = e.kind();
        boolean channelEvent = k == RelayEvent.Kind.JOIN || k == RelayEvent.Kind.PART || k == RelayEvent.Kind.KICK
                || k == RelayEvent.Kind.TOPIC || k == RelayEvent.Kind.MODE; // messages need no lookup
        Channel ch = channelEvent && e.target() != null ? server.channels().find(e.target()) : null;
        int joinFlags = e.kind() == RelayEvent.Kind.JOIN && ch != null ? ch.flags(src) : 0;
        // Subscriptions change first: a joining node listens before the others see the JOIN, a leaving one stops
        // before they see the PART.
        switch (e.kind()) {
            case JOIN -> {
                touched(src);
                if (ch != null) outbox.holdUntil(subscriptions.joined(ch.nameFolded));
            }
            case PART -> {
                touched(src);
                if (ch != null) subscriptions.left(ch.nameFolded);
            }
            case QUIT -> {
                for (Channel c : src.channels()) subscriptions.left(c.nameFolded);
            }
            case AWAY, SETNAME, CHGHOST, ACCOUNT -> touched(src);
            case NICK -> {
                String prefix = e.prefix();
                String old = CaseMapping.fold(prefix.substring(0, prefix.indexOf('!')));
                send(() -> redis.hdel(PREFIX + "users:" + me, old));
                touched(src);
            }
            case KICK, MODE -> {
                List<String> p = e.params();
                for (int i = 1; i < p.size(); i++) {
                    Client t = users.find(p.get(i));
                    if (t != null && t.local != null) touched(t);
                }
                if (k == RelayEvent.Kind.KICK && ch != null && p.size() > 1) {
                    Client kicked = users.find(p.get(1));
                    if (kicked != null && kicked.local != null) subscriptions.left(ch.nameFolded);
                }
            }
            default -> { }
        }
        String topic = topicFor(e);
        if (topic != null) {
            publish(topic, Wire.event(me, e, joinFlags));
        }
        if (ch != null) channelChanged(e, ch, src);
        if (e.kind() == RelayEvent.Kind.QUIT) {
            for (Channel c : src.channels()) if (c.size() <= 1) forgetChannel(c);
        }
    }

    /**
     * Where an event goes: a message to a channel on that channel's topic, one to a user of another node on that
     * node's, one to a user here nowhere (it was delivered); everything else on the network channel.
     */
    private String topicFor(RelayEvent e) {
        RelayEvent.Kind k = e.kind();
        if (k != RelayEvent.Kind.PRIVMSG && k != RelayEvent.Kind.NOTICE && k != RelayEvent.Kind.TAGMSG) return CHANNEL;
        String t = e.target();
        Client to = users.find(t);
        if (to != null) {
            if (to.local != null) return null;
            String owner = mirror.nodeOf(to);
            return owner == null ? null : NODE + owner;
        }
        char first = t.charAt(0);
        return CHAN + CaseMapping.fold(first == '@' || first == '+' ? t.substring(1) : t);
    }

    /** Publishes in this node's order: after whatever waits for a subscription (see {@link Outbox}). */
    void publish(String topic, String message) {
        outbox.publish(topic, message);
    }

    /** Tests only: makes every channel subscription start {@code millis} late, widening the JOIN race. */
    public void delaySubscriptionsForTests(long millis) {
        subscriptions.delayMillis = millis;
    }

    void resubscribe() {
        subscriptions.resubscribe();
    }

    /** Channel messages this node has received from Redis: only for channels with local members (tests). */
    public long channelMessages() {
        return channelMessages.get();
    }

    private void channelChanged(RelayEvent e, Channel ch, Client src) {
        switch (e.kind()) {
            case TOPIC, MODE -> {
                String state = Wire.channel(ch);
                send(() -> redis.hset(PREFIX + "chans", ch.nameFolded, state));
            }
            case PART, KICK -> { // delivered before the member leaves: one left means the channel ends
                if (ch.size() <= 1) forgetChannel(ch);
            }
            default -> { }
        }
    }

    private void forgetChannel(Channel ch) {
        send(() -> redis.hdel(PREFIX + "chans", ch.nameFolded));
    }

    // ---- records, leases, heartbeat ----

    private void touched(Client c) {
        if (dirty.isEmpty()) loop.execute(this::flush);
        dirty.add(c);
    }

    private void flush() {
        if (dirty.isEmpty()) return;
        Map<String, String> records = new HashMap<>();
        for (Client c : dirty) if (c.registered && c.local != null && c.nickFolded != null) records.put(c.nickFolded, record(c));
        dirty.clear();
        if (!records.isEmpty()) send(() -> redis.hset(PREFIX + "users:" + me, records));
    }

    /** Frees a lease unless a local user other than {@code leaving} holds that nick now. */
    private void release(String folded, Client leaving) {
        Client holder = users.find(folded);
        if (holder != null && holder != leaving && holder.local != null) return;
        send(() -> redis.eval(Scripts.RELEASE, ScriptOutputType.INTEGER, new String[]{PREFIX + "nick:" + folded}, me));
    }

    /** Sends one command; a refusal (Redis away, queue full) is logged, never thrown into the caller. */
    void send(java.util.function.Supplier<CompletionStage<?>> command) {
        if (closed) return;
        try {
            command.get().whenComplete((r, err) -> {
                if (err != null) log.debug("cluster command failed: {}", err.toString());
            });
        } catch (RuntimeException e) {
            log.debug("cluster command refused: {}", e.toString());
        }
    }

    /**
     * A clean stop, after the loop has shut down (its users' QUITs are published): the heartbeat key goes at once,
     * so the name may be reused and the others need not wait for it to expire. Blocking: off the loop.
     */
    public void close() {
        if (closed) return;
        try {
            conn.sync().del(PREFIX + "alive:" + me);
            conn.sync().srem(PREFIX + "nodes", me);
        } catch (RuntimeException e) {
            log.debug("leaving the cluster: {}", e.toString());
        }
        kill();
    }

    /** Drops the connections without a word, as a crash would (tests simulate kill -9 with it). Off the loop. */
    public void kill() {
        closed = true;
        try {
            sub.close();
            conn.close();
        } finally {
            RedisConnector.shutdown(client, resources);
        }
    }

}
