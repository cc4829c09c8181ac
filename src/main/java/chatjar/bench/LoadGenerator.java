package chatjar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs one scenario: starts the workers, steers them through connect → hold or send windows → drain, reads
 * the server's CPU and memory from /proc around the windows, and returns the figures as an ordered map
 * (the summary table and the JSON are both printed from it).
 */
public final class LoadGenerator {
    private final BenchConfig cfg;
    private final Worker[] workers;
    private final Progress progress;
    private final List<Bot> allBots = new ArrayList<>();
    private final int[] members;
    private int snapshotSeq;

    public LoadGenerator(BenchConfig cfg) throws IOException {
        this.cfg = cfg;
        members = new int[Math.max(1, cfg.channels())];
        boolean joins = cfg.scenario() == BenchConfig.Scenario.fanout;
        List<List<Bot>> parts = new ArrayList<>();
        for (int t = 0; t < cfg.threads(); t++) parts.add(new ArrayList<>());
        for (int i = cfg.clientBase(); i < cfg.clientBase() + cfg.clients(); i++) {
            byte[] nick = (cfg.nickPrefix() + i).getBytes(StandardCharsets.US_ASCII);
            Bot b = new Bot(i, joins ? cfg.channelOf(i) : -1, nick);
            parts.get(i % cfg.threads()).add(b);
            allBots.add(b);
        }
        workers = new Worker[cfg.threads()];
        for (int t = 0; t < workers.length; t++) workers[t] = new Worker(cfg, t, parts.get(t).toArray(new Bot[0]), members);
        progress = new Progress(cfg, workers);
    }

    public Map<String, Object> run() throws InterruptedException, IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scenario", cfg.scenario().name());
        r.put("target", cfg.host() + ":" + cfg.ports().stream().map(String::valueOf).collect(Collectors.joining(",")));
        r.put("transport", cfg.transport().name());
        r.put("clients", cfg.clients());
        long pid = cfg.serverPid();
        double genCpu0 = ProcStats.selfCpuSeconds();
        long heap0 = -1, rss0 = -1, rssEmpty = -1;
        if (pid > 0 && cfg.scenario() == BenchConfig.Scenario.idle) {
            // The empty server as top shows it, before anything is forced; once it stops falling, so a JIT burst
            // of a server that has just started is not taken as its baseline.
            rssEmpty = ProcStats.settledRssKib(pid);
            if (cfg.gcBaseline()) {
                heap0 = ProcStats.liveHeapBytes(pid); // a JVM server: full GC first, so RSS is read after it
                rss0 = ProcStats.settledRssKib(pid);
            }
        }
        for (Worker w : workers) w.thread.start();
        long t0 = System.nanoTime();
        for (Worker w : workers) w.connecting = true;
        // A slow server (or a cluster on a shared machine) may take longer: -Dchatjar.bench.connectSeconds=N.
        long limit = t0 + Long.getLong("chatjar.bench.connectSeconds", 60L + cfg.clients() / 500) * 1_000_000_000L;
        while (!allSettled() && System.nanoTime() < limit) progress.tick("connect", 200);
        double connectSeconds = stormSeconds((System.nanoTime() - t0) / 1e9);
        for (Worker w : workers) w.connecting = false;
        Stats conn = snapshot();
        progress.done();
        r.put("registered", conn.registered);
        r.put("failed", conn.failed);
        r.put("connect_seconds", round(connectSeconds, 3));
        r.put("registrations_per_s", round(conn.registered / connectSeconds, 0));
        r.put("welcome_p50_ms", ms(conn.toWelcome.percentile(50)));
        r.put("welcome_p99_ms", ms(conn.toWelcome.percentile(99)));
        r.put("welcome_max_ms", ms(conn.toWelcome.max()));
        if (cfg.readyFile() != null) Files.writeString(cfg.readyFile(), conn.registered + "\n");

        switch (cfg.scenario()) {
            case connect -> { }
            case idle -> hold(r, pid, new Baseline(rssEmpty, heap0, rss0));
            case fanout -> fanout(r);
        }
        for (Worker w : workers) w.running = false;
        for (Worker w : workers) w.thread.join(10_000);
        r.put("generator_cpu_s", round(ProcStats.selfCpuSeconds() - genCpu0, 2));
        return r;
    }

    /**
     * Idle: hold the clients and read the server's memory twice, both per client above the empty server. First
     * as {@code top} shows it, {@code --rss-after} seconds after the clients registered with no GC forced from
     * outside; then after a full GC (jcmd), which is what the server needs, not what it holds.
     */
    private void hold(Map<String, Object> r, long pid, Baseline empty) throws InterruptedException {
        long rssEmpty = empty.rssKib(), heap0 = empty.liveHeapBytes(), rss0 = empty.rssAfterGcKib();
        long held = sumRegistered() + cfg.others();
        if (cfg.waitFile() != null) {
            long limit = System.nanoTime() + 300_000_000_000L;
            while (!Files.exists(cfg.waitFile()) && System.nanoTime() < limit) progress.tick("idle, waiting for " + cfg.waitFile(), 500);
            try {
                held += Long.parseLong(Files.readString(cfg.waitFile()).trim());
            } catch (IOException | NumberFormatException e) {
                System.err.println("bench: cannot read a client count from " + cfg.waitFile());
            }
        }
        long registeredAt = System.nanoTime();
        long until = registeredAt + cfg.durationSeconds() * 1_000_000_000L;
        r.put("clients_held_by_server", held);
        if (pid > 0 && rssEmpty > 0) r.put("server_rss_empty_kib", rssEmpty);
        if (pid > 0 && cfg.rssAfterSeconds() > 0) {
            long at = registeredAt + cfg.rssAfterSeconds() * 1_000_000_000L;
            while (System.nanoTime() < at) progress.tick("idle, reading RSS " + cfg.rssAfterSeconds() + " s after registration", 1000);
            progress.done();
            long rss = ProcStats.rssKib(pid);
            r.put("rss_after_s", cfg.rssAfterSeconds());
            r.put("server_rss_unforced_kib", rss);
            if (rssEmpty > 0 && rss > 0) r.put("rss_unforced_per_client_bytes", round((rss - rssEmpty) * 1024.0 / held, 0));
        }
        if (pid > 0) {
            long heap1 = ProcStats.liveHeapBytes(pid);
            long rss1 = ProcStats.settledRssKib(pid);
            long base = rss0 > 0 ? rss0 : rssEmpty;
            r.put("server_rss_before_kib", base);
            r.put("server_rss_after_kib", rss1);
            if (base > 0 && rss1 > 0) r.put("rss_per_client_bytes", round((rss1 - base) * 1024.0 / held, 0));
            if (heap0 > 0 && heap1 > 0) {
                r.put("live_heap_before_bytes", heap0);
                r.put("live_heap_after_bytes", heap1);
                r.put("heap_per_client_bytes", round((heap1 - heap0) / (double) held, 0));
            }
        }
        int registered = sumRegistered();
        while (System.nanoTime() < until) progress.tick("idle", 1000);
        progress.done();
        r.put("held_at_end", sumRegistered());
        r.put("dropped_while_idle", Math.max(0, registered - sumRegistered()));
    }

    /** The empty server: its RSS as found, then its live heap and RSS after a forced full GC; -1 when not read. */
    private record Baseline(long rssKib, long liveHeapBytes, long rssAfterGcKib) {}

    private void fanout(Map<String, Object> r) throws InterruptedException {
        // Deliveries expected per message: the members that actually joined (a slow server may not take all).
        // Read after the connect phase has settled; the volatile window start publishes it to the workers.
        java.util.Arrays.fill(members, 0);
        int joined = 0;
        for (Bot b : allBots) {
            if (b.state == Bot.JOINED) {
                members[b.channel]++;
                joined++;
            }
        }
        r.put("joined", joined);
        double rate = cfg.rate();
        List<Map<String, Object>> steps = new ArrayList<>();
        Map<String, Object> best = null;
        boolean retried = false;
        for (int step = 0; step < (cfg.findMax() ? 40 : 1); step++) {
            Map<String, Object> s = window(rate);
            steps.add(s);
            boolean ok = (double) s.get("delivered_ratio") >= 0.99
                    && (double) s.get("p99_ms") <= cfg.maxP99Millis()
                    && (double) s.get("deliveries_per_s") >= 0.97 * (double) s.get("offered_deliveries_per_s");
            s.put("sustained", ok);
            if (!cfg.findMax()) break;
            if (!ok && !retried) {
                retried = true; // one bad window (a GC, a neighbour's burst) must not end the ramp: try it again
                step--;
                continue;
            }
            if (!ok) break;
            retried = false;
            best = s;
            rate *= 1.1;
        }
        if (cfg.findMax()) {
            r.put("steps", steps);
            r.put("max_sustained_deliveries_per_s", best == null ? 0.0 : best.get("deliveries_per_s"));
            r.put("max_sustained_rate", best == null ? 0.0 : best.get("rate"));
        } else {
            r.putAll(steps.get(0));
        }
    }

    /** One send window at {@code rate} messages/s, then a drain; returns that window's figures. */
    private Map<String, Object> window(double rate) throws InterruptedException {
        long recv0 = sumUnique();
        double[] cpu0 = cpuOf(cfg.serverPids());
        double gen0 = ProcStats.selfCpuSeconds();
        long from = System.nanoTime() + 20_000_000L;
        long until = from + cfg.durationSeconds() * 1_000_000_000L;
        int id = workers[0].windowId + 1;
        int totalSenders = Math.min(cfg.senders(), cfg.clients());
        for (Worker w : workers) {
            w.rate = rate * w.senderCount() / Math.max(1, totalSenders);
            w.windowUntil = until;
            w.windowFrom = from;
            w.windowId = id;
        }
        while (System.nanoTime() < until) progress.tick(String.format("fanout %,.0f msg/s", rate), 1000);
        long recv1 = sumUnique();
        double[] cpu1 = cpuOf(cfg.serverPids());
        double gen1 = ProcStats.selfCpuSeconds();
        for (Worker w : workers) w.windowFrom = 0;
        // Drain: whatever is still in flight counts, but only for a bounded time.
        long drainLimit = System.nanoTime() + 5_000_000_000L;
        long last = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < drainLimit && sumUnique() < sumExpected()) {
            long u = sumUnique();
            if (u != last) {
                last = u;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 1_000_000_000L) {
                break;
            }
            progress.tick("drain", 50);
        }
        progress.done();
        Stats s = snapshot();
        double seconds = cfg.durationSeconds();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rate", rate);
        m.put("offered_deliveries_per_s", round(s.sent == 0 ? 0 : rate * s.expected / (double) s.sent, 0));
        m.put("sent", s.sent);
        m.put("send_skipped", s.sendSkipped);
        m.put("expected", s.expected);
        m.put("received", s.received);
        m.put("lost", Math.max(0, s.expected - s.unique()));
        m.put("duplicates", s.duplicates);
        m.put("delivered_ratio", round(s.expected == 0 ? 0 : s.unique() / (double) s.expected, 5));
        m.put("deliveries_per_s", round((recv1 - recv0) / seconds, 0));
        m.put("p50_ms", ms(s.latency.percentile(50)));
        m.put("p99_ms", ms(s.latency.percentile(99)));
        m.put("p999_ms", ms(s.latency.percentile(99.9)));
        m.put("max_ms", ms(s.latency.max()));
        if (cpu0.length > 0 && cpu0[0] >= 0 && cpu1[0] >= 0) {
            double cpu = cpu1[0] - cpu0[0];
            if (cpu0.length > 2) { // several processes (a cluster): what each took, in --server-pid order
                StringBuilder each = new StringBuilder();
                for (int i = 1; i < cpu0.length; i++) each.append(i > 1 ? " " : "").append(round(cpu1[i] - cpu0[i], 2));
                m.put("server_cpu_s_each", each.toString());
            }
            m.put("server_cpu_s", round(cpu, 2));
            m.put("server_cpu_s_per_100k", round(cpu <= 0 ? 0 : cpu * 100_000 / (recv1 - recv0), 4));
            m.put("deliveries_per_server_cpu_s", round(cpu <= 0 ? 0 : (recv1 - recv0) / cpu, 0));
        }
        m.put("generator_cpu_s", round(gen1 - gen0, 2));
        m.put("generator_cpu_share", round((gen1 - gen0) / seconds, 2));
        return m;
    }

    /** The summed CPU seconds of these processes, then each one's; {@code [-1, ...]} when one cannot be read. */
    private static double[] cpuOf(List<Long> pids) {
        if (pids.isEmpty()) return new double[0];
        double[] cpu = new double[pids.size() + 1];
        for (int i = 0; i < pids.size(); i++) {
            cpu[i + 1] = ProcStats.cpuSeconds(pids.get(i));
            cpu[0] = cpu[0] < 0 || cpu[i + 1] < 0 ? -1 : cpu[0] + cpu[i + 1];
        }
        return cpu;
    }

    private Stats snapshot() throws InterruptedException {
        int id = ++snapshotSeq;
        for (Worker w : workers) w.snapshotRequest = id;
        Stats total = new Stats();
        for (Worker w : workers) {
            long limit = System.nanoTime() + 5_000_000_000L;
            while (w.snapshotId != id && w.thread.isAlive() && System.nanoTime() < limit) Thread.sleep(1);
            if (w.snapshotId == id) total.add(w.snapshot);
        }
        return total;
    }

    /**
     * From the first connect() to the last client settling, as the workers saw it; the main thread only polls
     * every 200 ms, which would add up to a fifth of a second to a one-second storm.
     */
    private double stormSeconds(double polled) {
        long first = Long.MAX_VALUE, last = 0;
        for (Worker w : workers) {
            if (w.firstConnectNanos == 0 || w.settledNanos == 0) return polled;
            first = Math.min(first, w.firstConnectNanos);
            last = Math.max(last, w.settledNanos);
        }
        return last > first ? (last - first) / 1e9 : polled;
    }

    private boolean allSettled() {
        for (Worker w : workers) if (w.thread.isAlive() && !w.settled) return false;
        return true;
    }

    private int sumRegistered() {
        int n = 0;
        for (Worker w : workers) n += w.pubRegistered;
        return n;
    }

    private long sumUnique() {
        long n = 0;
        for (Worker w : workers) n += w.pubUnique;
        return n;
    }

    private long sumExpected() {
        long n = 0;
        for (Worker w : workers) n += w.pubExpected;
        return n;
    }

    static double ms(long micros) {
        return round(micros / 1000.0, 3);
    }

    static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
