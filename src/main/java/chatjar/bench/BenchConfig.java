package chatjar.bench;

import java.nio.file.Path;

/**
 * One run of the generator, as parsed from the command line.
 *
 * @param rate       fan-out: messages per second offered by all senders together (the start rate for find-max)
 * @param clientBase index of this process's first client: a second generator process uses another range, so
 *                   its nicks and its loopback source addresses differ from the first one's
 * @param others     clients held by other generator processes, counted in per-connection memory figures
 * @param waitFile   idle: measure memory only once this file exists; it holds the other process's client count
 * @param rssAfterSeconds idle: read the server's RSS this long after the clients registered, with no GC forced
 *                   from outside (what {@code top} shows); 0 skips that reading
 * @param gcBaseline idle: force a full GC in the empty server before connecting (the live-heap baseline);
 *                   off for a fresh server measured as an operator sees it
 *
 * Built with {@link #builder(int)}: tests and the command name what they set.
 */
public record BenchConfig(
        String host,
        int port,
        Scenario scenario,
        int clients,
        int channels,
        int senders,
        double rate,
        int durationSeconds,
        boolean findMax,
        double maxP99Millis,
        long serverPid,
        Path json,
        int threads,
        int concurrency,
        int clientBase,
        String nickPrefix,
        int others,
        Path readyFile,
        Path waitFile,
        int padding,
        boolean quiet,
        int rssAfterSeconds,
        boolean gcBaseline) {

    public enum Scenario { idle, fanout, connect }

    /** Clients per loopback source address: below the ~28k ephemeral ports Linux hands out per address. */
    public static final int CLIENTS_PER_SOURCE = 25_000;

    /** Which of the R channels client {@code i} (global index) joins. */
    public int channelOf(int i) {
        return i % channels;
    }

    public boolean isSender(int i) {
        return scenario == Scenario.fanout && i - clientBase < senders;
    }

    public static Builder builder(int port) {
        return new Builder(port);
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder(port);
        b.host = host;
        b.scenario = scenario;
        b.clients = clients;
        b.channels = channels;
        b.senders = senders;
        b.rate = rate;
        b.durationSeconds = durationSeconds;
        b.findMax = findMax;
        b.maxP99Millis = maxP99Millis;
        b.serverPid = serverPid;
        b.json = json;
        b.threads = threads;
        b.concurrency = concurrency;
        b.clientBase = clientBase;
        b.nickPrefix = nickPrefix;
        b.others = others;
        b.readyFile = readyFile;
        b.waitFile = waitFile;
        b.padding = padding;
        b.quiet = quiet;
        b.rssAfterSeconds = rssAfterSeconds;
        b.gcBaseline = gcBaseline;
        return b;
    }

    /** Mutable fields with the command's defaults; {@link #build()} makes the record. */
    public static final class Builder {
        public String host = "127.0.0.1";
        public final int port;
        public Scenario scenario = Scenario.fanout;
        public int clients = 1000;
        public int channels = 10;
        public int senders = 100;
        public double rate = 1000;
        public int durationSeconds = 10;
        public boolean findMax;
        public double maxP99Millis = 100;
        public long serverPid;
        public Path json;
        public int threads = 1;
        public int concurrency = 1000;
        public int clientBase;
        public String nickPrefix = "b";
        public int others;
        public Path readyFile;
        public Path waitFile;
        public int padding;
        public boolean quiet;
        public int rssAfterSeconds;
        public boolean gcBaseline = true;

        private Builder(int port) {
            this.port = port;
        }

        public Builder scenario(Scenario s) {
            scenario = s;
            return this;
        }

        public Builder clients(int n) {
            clients = n;
            return this;
        }

        public Builder channels(int n) {
            channels = n;
            return this;
        }

        public Builder senders(int n) {
            senders = n;
            return this;
        }

        public Builder rate(double perSecond) {
            rate = perSecond;
            return this;
        }

        public Builder durationSeconds(int s) {
            durationSeconds = s;
            return this;
        }

        public Builder threads(int n) {
            threads = n;
            return this;
        }

        public Builder concurrency(int n) {
            concurrency = n;
            return this;
        }

        public Builder nickPrefix(String p) {
            nickPrefix = p;
            return this;
        }

        public Builder serverPid(long pid) {
            serverPid = pid;
            return this;
        }

        public Builder rssAfterSeconds(int s) {
            rssAfterSeconds = s;
            return this;
        }

        public Builder gcBaseline(boolean on) {
            gcBaseline = on;
            return this;
        }

        public Builder quiet(boolean q) {
            quiet = q;
            return this;
        }

        public BenchConfig build() {
            return new BenchConfig(host, port, scenario, clients, channels, Math.min(senders, clients), rate,
                    durationSeconds, findMax, maxP99Millis, serverPid, json, threads, Math.max(1, concurrency), clientBase,
                    nickPrefix, others, readyFile, waitFile, padding, quiet, rssAfterSeconds, gcBaseline);
        }
    }
}
