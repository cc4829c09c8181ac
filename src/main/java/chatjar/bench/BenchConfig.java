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
        boolean quiet) {

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
}
