package chatjar.bench;

/**
 * Counters of one measurement window. A worker fills its own instance; on request it publishes it (a volatile
 * write, which hands it over to the main thread) and starts a fresh one, so no counter is ever shared.
 */
final class Stats {
    final Histogram latency = new Histogram();
    final Histogram toWelcome = new Histogram();
    long sent;
    long sendSkipped;
    long expected;
    long received;
    long duplicates;
    long registered;
    long failed;

    void add(Stats o) {
        latency.add(o.latency);
        toWelcome.add(o.toWelcome);
        sent += o.sent;
        sendSkipped += o.sendSkipped;
        expected += o.expected;
        received += o.received;
        duplicates += o.duplicates;
        registered += o.registered;
        failed += o.failed;
    }

    long unique() {
        return received - duplicates;
    }
}
