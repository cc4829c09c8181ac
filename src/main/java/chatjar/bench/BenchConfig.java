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
 * @param transport  plain IRC over TCP, or IRC over WebSocket ({@code text.ircv3.net}) on the same port
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
        boolean gcBaseline,
        Transport transport) {

    public enum Scenario { idle, fanout, connect }

    public enum Transport { tcp, ws }

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
        b.transport = transport;
        return b;
    }

    /** Starts from the defaults of {@code chat.jar bench}; each setter names what it sets. */
    public static final class Builder {
        private final int port;
        private String host = "127.0.0.1";
        private Scenario scenario = Scenario.fanout;
        private int clients = 1000;
        private int channels = 10;
        private int senders = 100;
        private double rate = 1000;
        private int durationSeconds = 10;
        private boolean findMax;
        private double maxP99Millis = 100;
        private long serverPid;
        private Path json;
        private int threads = 1;
        private int concurrency = 1000;
        private int clientBase;
        private String nickPrefix = "b";
        private int others;
        private Path readyFile;
        private Path waitFile;
        private int padding;
        private boolean quiet;
        private int rssAfterSeconds;
        private boolean gcBaseline = true;
        private Transport transport = Transport.tcp;

        private Builder(int port) {
            this.port = port;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder scenario(Scenario v) {
            scenario = v;
            return this;
        }

        public Builder clients(int v) {
            clients = v;
            return this;
        }

        public Builder channels(int v) {
            channels = v;
            return this;
        }

        public Builder senders(int v) {
            senders = v;
            return this;
        }

        public Builder rate(double v) {
            rate = v;
            return this;
        }

        public Builder durationSeconds(int v) {
            durationSeconds = v;
            return this;
        }

        public Builder findMax(boolean v) {
            findMax = v;
            return this;
        }

        public Builder maxP99Millis(double v) {
            maxP99Millis = v;
            return this;
        }

        public Builder serverPid(long v) {
            serverPid = v;
            return this;
        }

        public Builder json(Path v) {
            json = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder concurrency(int v) {
            concurrency = v;
            return this;
        }

        public Builder clientBase(int v) {
            clientBase = v;
            return this;
        }

        public Builder nickPrefix(String v) {
            nickPrefix = v;
            return this;
        }

        public Builder others(int v) {
            others = v;
            return this;
        }

        public Builder readyFile(Path v) {
            readyFile = v;
            return this;
        }

        public Builder waitFile(Path v) {
            waitFile = v;
            return this;
        }

        public Builder padding(int v) {
            padding = v;
            return this;
        }

        public Builder quiet(boolean v) {
            quiet = v;
            return this;
        }

        public Builder rssAfterSeconds(int v) {
            rssAfterSeconds = v;
            return this;
        }

        public Builder gcBaseline(boolean v) {
            gcBaseline = v;
            return this;
        }

        public Builder transport(Transport v) {
            transport = v;
            return this;
        }

        public BenchConfig build() {
            return new BenchConfig(host, port, scenario, clients, channels, Math.min(senders, clients), rate,
                    durationSeconds, findMax, maxP99Millis, serverPid, json, threads, Math.max(1, concurrency), clientBase,
                    nickPrefix, others, readyFile, waitFile, padding, quiet, rssAfterSeconds, gcBaseline, transport);
        }
    }
}
