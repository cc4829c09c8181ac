package chatjar.cluster.redis;

import chatjar.net.Scheduler;

import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * This node's publishes, in order, held while a channel subscription of ours is being made: a JOIN reaches the
 * other nodes only once this node hears the channel, so a reply sent the instant they see it is not lost (and
 * what the joiner says next still follows its JOIN). Loop thread only; bounded.
 */
final class Outbox {
    /** Past this many held publishes the wait is given up (Redis is slow to answer); the order is kept. */
    static final int MAX_HELD = 10_000;

    private final Scheduler loop;
    private final BiConsumer<String, String> send;
    private final ArrayDeque<String[]> held = new ArrayDeque<>();
    /** Subscriptions not confirmed yet. */
    private int pending;

    /** {@code send} publishes one message on one topic, now. */
    Outbox(Scheduler loop, BiConsumer<String, String> send) {
        this.loop = loop;
        this.send = send;
    }

    void publish(String topic, String message) {
        if (pending == 0 && held.isEmpty()) {
            send.accept(topic, message);
            return;
        }
        held.add(new String[]{topic, message});
        if (held.size() >= MAX_HELD) release();
    }

    /** Holds every later publish until {@code subscribed} completes, either way; null: nothing to wait for. */
    void holdUntil(CompletionStage<?> subscribed) {
        if (subscribed == null) return;
        pending++;
        subscribed.whenComplete((r, err) -> loop.execute(() -> {
            if (--pending == 0) release();
        }));
    }

    private void release() {
        for (String[] p; (p = held.poll()) != null; ) send.accept(p[0], p[1]);
    }
}
