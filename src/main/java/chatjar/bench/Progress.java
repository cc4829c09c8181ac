package chatjar.bench;

/**
 * The live progress line on stderr: rewritten in place on a terminal, one line every few seconds otherwise
 * (so logs of scripted runs stay readable). Reads only the workers' published counters.
 */
final class Progress {
    private final BenchConfig cfg;
    private final Worker[] workers;
    private final boolean tty = System.console() != null;
    private long lastPrint;
    private long lastNanos = System.nanoTime();
    private long lastSent, lastReceived;
    private boolean open;

    Progress(BenchConfig cfg, Worker[] workers) {
        this.cfg = cfg;
        this.workers = workers;
    }

    /** Sleeps {@code millis}, then prints the line if it is due. */
    void tick(String phase, long millis) throws InterruptedException {
        Thread.sleep(millis);
        long now = System.nanoTime();
        if (cfg.quiet() || now - lastPrint < (tty ? 500_000_000L : 5_000_000_000L)) return;
        int connected = 0, registered = 0, joined = 0, dead = 0;
        long sent = 0, received = 0;
        for (Worker w : workers) {
            connected += w.pubConnected;
            registered += w.pubRegistered;
            joined += w.pubJoined;
            dead += w.pubDead;
            sent += w.pubSent;
            received += w.pubReceived;
        }
        double dt = (now - lastNanos) / 1e9;
        String line = String.format("[%s] clients %,d/%,d connected, %,d registered%s, %,d failed | sent %,d (%,.0f/s) | received %,d (%,.0f/s)",
                phase, connected, cfg.clients(), registered,
                cfg.scenario() == BenchConfig.Scenario.fanout ? String.format(", %,d joined", joined) : "", dead,
                sent, (sent - lastSent) / dt, received, (received - lastReceived) / dt);
        lastSent = sent;
        lastReceived = received;
        lastNanos = now;
        lastPrint = now;
        if (tty) {
            System.err.print("\r" + line + "\u001b[K");
            open = true;
        } else {
            System.err.println(line);
        }
    }

    void done() {
        if (open) System.err.println();
        open = false;
        lastPrint = 0;
    }
}
