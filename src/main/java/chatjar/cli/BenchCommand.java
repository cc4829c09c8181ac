package chatjar.cli;

import chatjar.bench.BenchConfig;
import chatjar.bench.LoadGenerator;
import chatjar.bench.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code chat.jar bench}: parse, check the load stays on this machine and bounded, run, print. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, showDefaultValues = true,
        description = {"Load-test an IRC server on this machine (chat.jar, ngircd, InspIRCd...) with many plain IRC clients.",
                "",
                "Scenarios: idle (hold N registered clients and read the server's memory), fanout (N clients in R "
                        + "channels, S senders at M msg/s, latency of every delivery), connect (a storm of N registrations).",
                "",
                "Example:",
                "  chat.jar bench --port 20000 --scenario fanout --clients 1000 \\",
                "      --channels 10 --senders 100 --rate 1000",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run completed", "1:the run failed (cannot connect, no client registered)", "2:invalid options"})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "ADDRESS", description = "Server address; must be a loopback address (load never leaves this machine).")
    String host = "127.0.0.1";

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", split = ",", defaultValue = "20000",
            description = "Server port; several (24001,24002,24003: the nodes of a cluster) spread the clients over them, client i on the (i mod n)th.")
    List<Integer> ports;

    @Option(names = "--transport", paramLabel = "TRANSPORT",
            description = "tcp (plain IRC) or ws (IRC over WebSocket, subprotocol text.ircv3.net, on the same port).")
    BenchConfig.Transport transport = BenchConfig.Transport.tcp;

    @Option(names = "--scenario", paramLabel = "SCENARIO", description = "idle, fanout or connect.")
    BenchConfig.Scenario scenario = BenchConfig.Scenario.fanout;

    @Option(names = "--clients", paramLabel = "N", description = "Clients this process opens (at most ~19,000 under a 20,000 open-files limit).")
    int clients = 1000;

    @Option(names = "--channels", paramLabel = "N", description = "fanout: channels the clients are spread over.")
    int channels = 10;

    @Option(names = "--senders", paramLabel = "N", description = "fanout: clients that send (spread over the channels).")
    int senders = 100;

    @Option(names = "--rate", paramLabel = "MSG_PER_S", description = "fanout: messages per second from all senders together (find-max: the first step).")
    double rate = 1000;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "idle: hold time; fanout: length of each send window.")
    int duration = 10;

    @Option(names = "--find-max", description = "fanout: raise the rate x1.1 per window until p99 passes --max-p99 or deliveries fall behind.")
    boolean findMax;

    @Option(names = "--max-p99", paramLabel = "MS", description = "find-max: the p99 latency that ends the ramp.")
    double maxP99 = 100;

    @Option(names = "--server-pid", paramLabel = "PID", split = ",", showDefaultValue = Help.Visibility.NEVER,
            description = "Read the server's CPU and memory from /proc (and, for a JVM, its live heap via jcmd); several "
                    + "(nodes and their Redis): fanout counts the CPU of all, idle reads the first one's memory.")
    List<Long> serverPids = List.of();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON.")
    Path json;

    @Option(names = "--threads", paramLabel = "N", description = "Generator I/O threads (1 or 2).")
    int threads = 1;

    @Option(names = "--concurrency", paramLabel = "N", description = "Connections being set up at once.")
    int concurrency = 1000;

    @Option(names = "--client-base", paramLabel = "N", description = "Index of the first client, so a second generator process uses other nicks and source addresses.")
    int clientBase;

    @Option(names = "--nick-prefix", paramLabel = "PREFIX", description = "Nicks are this prefix and the client index.")
    String nickPrefix = "b";

    @Option(names = "--others", paramLabel = "N", description = "idle: clients held by other generator processes, counted in per-client memory.")
    int others;

    @Option(names = "--ready-file", paramLabel = "FILE", description = "Written once every client has registered (for scripts running several generators).")
    Path readyFile;

    @Option(names = "--wait-file", paramLabel = "FILE", description = "idle: measure the server's memory only once this file exists (a second generator's --ready-file); its number is added to --others.")
    Path waitFile;

    @Option(names = "--padding", paramLabel = "BYTES", description = "fanout: extra bytes per message text.")
    int padding;

    @Option(names = "--rss-after", paramLabel = "SECONDS",
            description = "idle: read the server's RSS this long after the clients registered, with no GC forced from outside "
                    + "(what top shows an operator); 0 skips it. The forced-GC figures are read after it.")
    int rssAfter = 75;

    @Option(names = "--no-gc-baseline", negatable = false,
            description = "idle: do not force a full GC in the empty server before connecting (for a fresh server measured "
                    + "as an operator sees it); per-client figures are then taken above its RSS as found.")
    boolean noGcBaseline;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "1000",
            description = "connect: first a storm of N unmeasured clients (closed again), so the generator's own JIT "
                    + "compilation does not compete with the server during the measured storm; 0 for none.")
    int warmup;

    @Override
    public Integer call() {
        try {
            if (!InetAddress.getByName(host).isLoopbackAddress()) return fail(2, "--host " + host + " is not a loopback address: bench only loads this machine");
        } catch (IOException e) {
            return fail(2, "--host " + host + ": " + e.getMessage());
        }
        for (int port : ports) if (port < 1 || port > 65535) return fail(2, "invalid --port " + port);
        if (clients < 1 || clients > 200_000) return fail(2, "--clients must be 1-200000");
        if (threads < 1 || threads > 2) return fail(2, "--threads must be 1 or 2");
        if (duration < 1 || duration > 3600) return fail(2, "--duration must be 1-3600 seconds");
        if (scenario == BenchConfig.Scenario.fanout) {
            if (channels < 1 || channels > clients) return fail(2, "--channels must be 1-" + clients);
            if (senders < 1 || senders > clients) return fail(2, "--senders must be 1-" + clients);
            if (rate <= 0 || rate > 10_000_000) return fail(2, "--rate must be > 0 and at most 10,000,000");
        }
        if (warmup < 0 || warmup > 20_000) return fail(2, "--warmup must be 0-20000");
        if (padding < 0 || padding > 400) return fail(2, "--padding must be 0-400");
        if (rssAfter < 0 || rssAfter > 3600) return fail(2, "--rss-after must be 0-3600 seconds");
        BenchConfig cfg = BenchConfig.builder(ports.get(0)).ports(ports).serverPids(serverPids).host(host).scenario(scenario)
                .clients(clients).channels(channels).senders(senders).rate(rate).durationSeconds(duration).findMax(findMax).maxP99Millis(maxP99)
                .json(json).threads(threads).concurrency(concurrency).clientBase(clientBase)
                .nickPrefix(nickPrefix).others(others).readyFile(readyFile).waitFile(waitFile).padding(padding)
                .quiet(quiet).rssAfterSeconds(rssAfter).gcBaseline(!noGcBaseline).transport(transport).build();
        Map<String, Object> result;
        try {
            if (scenario == BenchConfig.Scenario.connect && warmup > 0) {
                // Unmeasured, unreported: only the measured storm signals a script through --ready-file.
                new LoadGenerator(cfg.toBuilder().clients(Math.min(warmup, clients)).senders(1).nickPrefix(nickPrefix + "w")
                        .serverPid(0).readyFile(null).quiet(true).build()).run();
                Thread.sleep(500); // let the server finish closing the warm-up clients before the measured storm
            }
            result = new LoadGenerator(cfg).run();
        } catch (IOException e) {
            return fail(1, "bench: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(1, "bench: interrupted");
        }
        System.out.print(Report.table(result));
        if (json != null) {
            try {
                Files.writeString(json, Report.json(result));
            } catch (IOException e) {
                return fail(1, "cannot write --json " + json + ": " + e.getMessage());
            }
        }
        long registered = ((Number) result.get("registered")).longValue();
        if (registered == 0) return fail(1, "bench: no client registered with " + result.get("target"));
        return 0;
    }

    private static int fail(int code, String message) {
        System.err.println(message);
        return code;
    }
}
