package chatjar.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of the generator, as parsed from the command line.
 *
 * @param ports      every port the clients are spread over (client i connects to {@code ports[i % n]}, so a second
 *                   generator process with another {@code clientBase} spreads the same way); {@code port} is the first
 * @param serverPids every process whose CPU a fan-out window counts (cluster nodes and their Redis); {@code serverPid},
 *                   the first, is the one whose memory is read
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
        List<Integer> ports,
        Scenario scenario,
        int clients,
        int channels,
        int senders,
        double rate,
        int durationSeconds,
        boolean findMax,
        double maxP99Millis,
        long serverPid,
        List<Long> serverPids,
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

    /**
     * Clients per loopback source address (by global index: 127.0.0.1 for the first, then .2, .3 ...). A bind() to
     * port 0 takes only half of the ~28k ephemeral ports (Linux keeps the other half for connect()); at 25,000 per
     * address the later binds scan the whole range (generators of 16,667 clients spent 50-105 s in the kernel, 2.4 s in
     * Java), so stay well inside the half.
     */
    public static final int CLIENTS_PER_SOURCE = 10_000;

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
        b.ports = ports;
        b.serverPids = serverPids;
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
        private List<Integer> ports = List.of();
        private List<Long> serverPids = List.of();
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

        /** Spread the clients over these ports (the first replaces the builder's); empty: the one port. */
        public Builder ports(List<Integer> v) {
            ports = List.copyOf(v);
            return this;
        }

        /** Count the CPU of all these processes in fan-out windows (the first is also the one {@code serverPid} reads). */
        public Builder serverPids(List<Long> v) {
            serverPids = List.copyOf(v);
            return this;
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
            serverPids = List.of(); // one process, replacing any list
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
            List<Integer> allPorts = ports.isEmpty() ? List.of(port) : ports;
            long pid = serverPids.isEmpty() ? serverPid : serverPids.get(0);
            List<Long> pids = serverPids.isEmpty() ? (serverPid > 0 ? List.of(serverPid) : List.of()) : serverPids;
            return new BenchConfig(host, allPorts.get(0), allPorts, scenario, clients, channels, Math.min(senders, clients), rate,
                    durationSeconds, findMax, maxP99Millis, pid, pids, json, threads, Math.max(1, concurrency), clientBase,
                    nickPrefix, others, readyFile, waitFile, padding, quiet, rssAfterSeconds, gcBaseline, transport);
        }
    }
}
