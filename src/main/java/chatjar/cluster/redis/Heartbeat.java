package chatjar.cluster.redis;

import chatjar.cluster.Mirror;
import chatjar.cluster.Wire;
import chatjar.net.Scheduler;
import chatjar.server.ChatServer;
import chatjar.server.Replies;
import chatjar.state.Client;
import chatjar.state.Users;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static chatjar.cluster.redis.RedisNetwork.CHANNEL;
import static chatjar.cluster.redis.RedisNetwork.PREFIX;

/**
 * Keeps this node in the cluster and the cluster in this node: the heartbeat (which also sweeps dead nodes), the
 * split when Redis stays out of reach past the timeout, and the resynchronisation after it, after a Redis restart,
 * or after the subscription was down (re-claim, re-announce, snapshot, rosters). Runs on the loop; each beat is
 * one script whose answer comes back through the loop's task queue, and the next beat is armed from there.
 */
final class Heartbeat {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private static final String SPLIT_NOTICE = "*** Network split: this server lost the cluster; users of other "
            + "servers are gone until it heals";

    private final RedisNetwork net;
    private final RedisAsyncCommands<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> sub;
    private final long timeoutMillis;
    private final String me;
    private final String instance;
    private final Scheduler loop;
    private final ChatServer server;
    private final Users users;
    private final Replies replies;
    private final Mirror mirror;

    private long lastBeat;
    volatile boolean split;
    /** The last heartbeat found the subscription down: events may have been missed, so resynchronise after. */
    private boolean deaf;
    volatile int rejoins;
    /** Nodes alive at the last heartbeat, this one included (1 while split). */
    volatile int liveNodes = 1;

    Heartbeat(RedisNetwork net, RedisAsyncCommands<String, String> redis, StatefulRedisPubSubConnection<String, String> sub,
              long timeoutMillis, String instance, Scheduler loop, ChatServer server, Mirror mirror) {
        this.net = net;
        this.redis = redis;
        this.sub = sub;
        this.timeoutMillis = timeoutMillis;
        this.me = net.node();
        this.instance = instance;
        this.loop = loop;
        this.server = server;
        this.users = server.users();
        this.replies = server.replies();
        this.mirror = mirror;
    }

    void start() {
        loop.execute(() -> {
            lastBeat = loop.nowMillis();
            beat(true);
        });
    }

    /** One heartbeat: renew our key, sweep dead nodes, learn who is alive. Re-armed on the loop each time. */
    private void beat(boolean first) {
        if (net.isClosed()) return;
        CompletionStage<List<Object>> tick;
        try {
            tick = redis.eval(Scripts.TICK, ScriptOutputType.MULTI, new String[0], PREFIX, me, instance,
                    Long.toString(timeoutMillis));
        } catch (RuntimeException e) {
            tick = CompletableFuture.failedFuture(e);
        }
        tick.whenComplete((r, err) -> loop.execute(() -> {
            if (net.isClosed()) return;
            try {
                if (err == null) beaten(first, r);
                else missed(err);
            } catch (RuntimeException e) { // Redis went away mid-step: the next beat tries again
                log.warn("cluster heartbeat step failed: {}", e.toString());
            } finally {
                loop.schedule(Math.max(100, timeoutMillis / 4), () -> beat(false));
            }
        }));
    }

    private void beaten(boolean first, List<Object> r) {
        if (!sub.isOpen()) { // alive in Redis but deaf: the subscription is reconnecting
            deaf = true;
            missed(new IllegalStateException("the subscription is down"));
            return;
        }
        lastBeat = loop.nowMillis();
        String prev = String.valueOf(r.get(0));
        Set<String> live = new HashSet<>();
        for (int i = 1; i < r.size(); i++) live.add(String.valueOf(r.get(i)));
        liveNodes = Math.max(1, live.size());
        for (String n : List.copyOf(mirror.nodes())) if (!live.contains(n)) mirror.nodeGone(n, "*.net *.split");
        if (split) {
            split = false;
            deaf = true;
            log.info("cluster reachable again: resynchronising");
            for (Client c : users.registeredUsers()) if (c.local != null) replies.serverNotice(c, "*** Network healed: rejoining the other servers");
        }
        // Our key was gone: first start, a Redis restart, or we were taken for dead. Claim and announce everything.
        if (first || !instance.equals(prev)) rejoin(!first);
        else if (deaf) loadSnapshot(); // what was missed while deaf: users who came (and, by rosters, who left)
        deaf = false;
    }

    private void missed(Throwable err) {
        log.debug("heartbeat failed: {}", err.toString());
        if (split || loop.nowMillis() - lastBeat < timeoutMillis) return;
        split = true;
        liveNodes = 1;
        log.warn("cluster unreachable for {} ms ({}): network split", timeoutMillis, err.getMessage());
        mirror.allGone("*.net *.split");
        for (Client c : users.registeredUsers()) if (c.local != null) replies.serverNotice(c, SPLIT_NOTICE);
    }

    /**
     * Re-establishes this node in Redis (leases, records, an announcement of each user) and reads the others'
     * users and channel state. A lease lost meanwhile (Redis lost it, another node's user took the nick) costs
     * the local user its connection: two users with one nick must not both stay.
     */
    private void rejoin(boolean reclaim) {
        if (reclaim) {
            log.info("this node lost its place in Redis (restarted, or taken for dead): re-announcing its users");
            for (Client c : new ArrayList<>(users.registeredUsers())) {
                if (c.local == null) continue;
                CompletionStage<Long> claim;
                try {
                    claim = redis.eval(Scripts.CLAIM, ScriptOutputType.INTEGER, new String[]{PREFIX + "nick:" + c.nickFolded}, me, PREFIX);
                } catch (RuntimeException e) {
                    continue; // Redis is gone again: the heartbeat will find our key missing and rejoin once more
                }
                claim.whenComplete((ok, err) -> loop.execute(() -> {
                    if (err == null && Long.valueOf(0).equals(ok) && c.local != null && users.find(c.nick) == c) {
                        replies.closeWithError(c, "Nick collision"); // another node's user took it meanwhile
                    }
                }));
                net.registered(c);
            }
            sendRoster();
            rejoins++;
        }
        loadSnapshot();
    }

    /** Every nick served here, after every earlier message of ours: the others drop ghosts with it. */
    void sendRoster() {
        List<String> nicks = new ArrayList<>();
        for (Client c : users.registeredUsers()) if (c.local != null) nicks.add(c.nickFolded);
        String roster = Wire.roster(me, nicks);
        net.publish(CHANNEL, roster);
    }

    private void loadSnapshot() {
        net.resubscribe();
        CompletionStage<Set<String>> nodes;
        try {
            nodes = redis.smembers(PREFIX + "nodes");
        } catch (RuntimeException e) {
            deaf = true; // try again at the next heartbeat
            return;
        }
        nodes.thenCompose(names -> {
            List<CompletableFuture<Map.Entry<String, Map<String, String>>>> reads = new ArrayList<>();
            for (String n : names) {
                if (n.equals(me)) continue;
                reads.add(redis.hgetall(PREFIX + "users:" + n).thenApply(m -> Map.entry(n, m)).toCompletableFuture());
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .thenCompose(v -> redis.hgetall(PREFIX + "chans"))
                    .thenAccept(chans -> loop.execute(() -> {
                        for (var read : reads) {
                            var e = read.join();
                            for (String record : e.getValue().values()) mirror.user(e.getKey(), Wire.split(record), 0, true);
                        }
                        for (String state : chans.values()) {
                            String name = Wire.split(state)[0];
                            if (server.channels().find(name) != null) mirror.channelState(state);
                        }
                        // The snapshot adds; the rosters that answer this remove whoever left meanwhile.
                        net.publish(CHANNEL, Wire.ask(me));
                    }));
        }).exceptionally(err -> {
            log.warn("reading the cluster's users failed: {}", err.toString());
            loop.execute(() -> deaf = true); // read again at the next heartbeat
            return null;
        });
    }

}
