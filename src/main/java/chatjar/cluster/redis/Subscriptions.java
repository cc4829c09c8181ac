package chatjar.cluster.redis;

import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static chatjar.cluster.redis.RedisNetwork.CHAN;

/**
 * Which channel topics this node listens to: those of channels with at least one local member, counted here so
 * joining and leaving cost no scan of the members. Loop thread only; (un)subscribing is asynchronous.
 */
final class Subscriptions {
    private static final Logger log = LoggerFactory.getLogger(Subscriptions.class);

    private final StatefulRedisPubSubConnection<String, String> sub;
    private final BooleanSupplier closed;
    /** Local members per channel (casefolded). */
    private final Map<String, Integer> localIn = new HashMap<>();
    /** Tests only: each subscription starts this late (see RedisNetwork.delaySubscriptionsForTests). */
    volatile long delayMillis;

    Subscriptions(StatefulRedisPubSubConnection<String, String> sub, BooleanSupplier closed) {
        this.sub = sub;
        this.closed = closed;
    }

    /**
     * A local user joined: the first one makes this node listen to the channel. Returns the subscription's
     * completion (Redis has confirmed it, or it failed) when one was made, else null.
     */
    CompletionStage<?> joined(String folded) {
        return localIn.merge(folded, 1, Integer::sum) == 1 ? subscribe(CHAN + folded, true) : null;
    }

    /** A local user left (PART, KICK, QUIT): the last one makes this node stop listening. */
    void left(String folded) {
        Integer n = localIn.get(folded);
        if (n == null) return;
        if (n > 1) {
            localIn.put(folded, n - 1);
            return;
        }
        localIn.remove(folded);
        subscribe(CHAN + folded, false);
    }

    /** After a reconnect: Lettuce restores the subscriptions it knew; one refused while Redis was away it did not. */
    void resubscribe() {
        for (String folded : localIn.keySet()) subscribe(CHAN + folded, true);
    }

    private CompletionStage<?> subscribe(String topic, boolean on) {
        if (closed.getAsBoolean()) return null;
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable go = () -> {
            try {
                (on ? sub.async().subscribe(topic) : sub.async().unsubscribe(topic)).whenComplete((r, err) -> {
                    if (err != null) log.debug("(un)subscribing {} failed: {}", topic, err.toString());
                    done.complete(null);
                });
            } catch (RuntimeException e) {
                log.debug("(un)subscribing {} refused: {}", topic, e.toString());
                done.complete(null);
            }
        };
        long delay = delayMillis;
        if (on && delay > 0) CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(go);
        else go.run();
        return done;
    }
}
