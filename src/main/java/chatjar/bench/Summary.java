package chatjar.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds one bench/run.sh run into its reports: reads {@code <contender>__<scenario>.json} from the run's
 * directory and writes the combined JSON, the Markdown tables (with where each target stands against
 * InspIRCd from the same run) and the chart data as TSV. {@code java -cp chat.jar chatjar.bench.Summary DIR OUT}
 */
public final class Summary {
    private final Map<String, Map<String, Map<String, Object>>> runs = new TreeMap<>();
    private final Map<String, Object> machine = new LinkedHashMap<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Summary RUN_DIR OUT_PREFIX");
            System.exit(2);
        }
        Summary s = new Summary();
        s.load(Path.of(args[0]));
        Path out = Path.of(args[1]);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("machine", s.machine);
        all.put("results", s.runs);
        Files.writeString(Path.of(out + ".json"), Report.json(all));
        Files.writeString(Path.of(out + ".md"), s.markdown());
        Files.writeString(Path.of(out + "-charts.tsv"), s.chartData());
    }

    @SuppressWarnings("unchecked")
    private void load(Path dir) throws IOException {
        Path m = dir.resolve("machine.txt");
        if (Files.exists(m)) {
            for (String line : Files.readAllLines(m, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) machine.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*__*.json")) {
            for (Path p : ds) {
                String name = p.getFileName().toString().replace(".json", "");
                String[] parts = name.split("__", 2);
                Object v = Json.parse(Files.readString(p));
                runs.computeIfAbsent(parts[0], k -> new TreeMap<>()).put(parts[1], (Map<String, Object>) v);
            }
        }
    }

    private Double get(String contender, String scenario, String key) {
        Map<String, Map<String, Object>> c = runs.get(contender);
        if (c == null || c.get(scenario) == null) return null;
        Object v = c.get(scenario).get(key);
        return v instanceof Number n ? n.doubleValue() : null;
    }

    private static String f(Double v, String fmt) {
        return v == null ? "–" : String.format(fmt, v);
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# bench/run.sh results\n\n");
        for (Map.Entry<String, Object> e : machine.entrySet()) sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
        sb.append("\n## Fan-out (1,000 clients, 10 channels of 100, 100 senders)\n\n");
        sb.append("| server | offered msg/s | deliveries/s | p50 ms | p99 ms | p99.9 ms | max ms | lost | dup | server CPU s per 100k | deliveries per server CPU-s | generator CPU share |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String c : runs.keySet()) {
            for (String sc : List.of("fanout-99k", "fanout-1.7M")) {
                if (get(c, sc, "rate") == null) continue;
                sb.append("| ").append(c).append(" | ").append(f(get(c, sc, "rate"), "%,.0f")).append(" | ")
                        .append(f(get(c, sc, "deliveries_per_s"), "%,.0f")).append(" | ")
                        .append(f(get(c, sc, "p50_ms"), "%.2f")).append(" | ").append(f(get(c, sc, "p99_ms"), "%.2f")).append(" | ")
                        .append(f(get(c, sc, "p999_ms"), "%.2f")).append(" | ").append(f(get(c, sc, "max_ms"), "%.1f")).append(" | ")
                        .append(f(get(c, sc, "lost"), "%,.0f")).append(" | ").append(f(get(c, sc, "duplicates"), "%,.0f")).append(" | ")
                        .append(f(get(c, sc, "server_cpu_s_per_100k"), "%.3f")).append(" | ")
                        .append(f(get(c, sc, "deliveries_per_server_cpu_s"), "%,.0f")).append(" | ")
                        .append(f(get(c, sc, "generator_cpu_share"), "%.2f")).append(" |\n");
            }
        }
        sb.append("\n## Maximum sustained fan-out (x1.1 steps; p99 <= 100 ms, >= 99 % delivered)\n\n");
        sb.append("| server | max deliveries/s | at msg/s | generator CPU share at the knee |\n|---|---:|---:|---:|\n");
        for (String c : runs.keySet()) {
            if (get(c, "find-max", "max_sustained_deliveries_per_s") == null) continue;
            sb.append("| ").append(c).append(" | ").append(f(get(c, "find-max", "max_sustained_deliveries_per_s"), "%,.0f"))
                    .append(" | ").append(f(get(c, "find-max", "max_sustained_rate"), "%,.0f")).append(" | ")
                    .append(f(kneeGeneratorShare(c), "%.2f")).append(" |\n");
        }
        sb.append("\n## Connections and memory\n\n");
        sb.append("| server | connect storm registrations/s | p99 to 001 ms | failed | idle 10k: RSS per client B | live heap per client B | idle max: clients held | RSS per client B | live heap per client B | dropped |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String c : runs.keySet()) {
            sb.append("| ").append(c).append(" | ").append(f(get(c, "connect-5k", "registrations_per_s"), "%,.0f")).append(" | ")
                    .append(f(get(c, "connect-5k", "welcome_p99_ms"), "%,.1f")).append(" | ")
                    .append(f(get(c, "connect-5k", "failed"), "%,.0f")).append(" | ")
                    .append(f(get(c, "idle-10k", "rss_per_client_bytes"), "%,.0f")).append(" | ")
                    .append(f(get(c, "idle-10k", "heap_per_client_bytes"), "%,.0f")).append(" | ")
                    .append(f(get(c, "idle-max", "clients_held_by_server"), "%,.0f")).append(" | ")
                    .append(f(get(c, "idle-max", "rss_per_client_bytes"), "%,.0f")).append(" | ")
                    .append(f(get(c, "idle-max", "heap_per_client_bytes"), "%,.0f")).append(" | ")
                    .append(f(get(c, "idle-max", "dropped_while_idle"), "%,.0f")).append(" |\n");
        }
        sb.append(targets());
        return sb.toString();
    }

    private Double kneeGeneratorShare(String c) {
        Object steps = runs.get(c).get("find-max").get("steps");
        Double share = null;
        if (steps instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Map<?, ?> m && Boolean.TRUE.equals(m.get("sustained")) && m.get("generator_cpu_share") instanceof Number n) {
                    share = n.doubleValue();
                }
            }
        }
        return share;
    }

    private String targets() {
        String us = "chatjar-reactor", them = "inspircd";
        StringBuilder sb = new StringBuilder("\n## Targets: chat.jar reactor against InspIRCd in this run\n\n");
        if (!runs.containsKey(us) || !runs.containsKey(them)) {
            return sb.append("InspIRCd (or chat.jar's reactor) was not measured in this run: no ratios.\n").toString();
        }
        sb.append("| target | chat.jar | InspIRCd | goal | met |\n|---|---:|---:|---|---|\n");
        row(sb, "p99 at 99k deliveries/s (ms)", get(us, "fanout-99k", "p99_ms"), get(them, "fanout-99k", "p99_ms"), "<= 2 ms",
                v(us, "fanout-99k", "p99_ms") <= 2);
        row(sb, "p99 at 1.7M deliveries/s (ms)", get(us, "fanout-1.7M", "p99_ms"), get(them, "fanout-1.7M", "p99_ms"), "<= 1/4 of InspIRCd",
                v(us, "fanout-1.7M", "p99_ms") <= v(them, "fanout-1.7M", "p99_ms") / 4);
        row(sb, "deliveries per server CPU-s at 99k", get(us, "fanout-99k", "deliveries_per_server_cpu_s"),
                get(them, "fanout-99k", "deliveries_per_server_cpu_s"), ">= 1.3x InspIRCd",
                v(us, "fanout-99k", "deliveries_per_server_cpu_s") >= 1.3 * v(them, "fanout-99k", "deliveries_per_server_cpu_s"));
        row(sb, "deliveries per server CPU-s at 1.7M", get(us, "fanout-1.7M", "deliveries_per_server_cpu_s"),
                get(them, "fanout-1.7M", "deliveries_per_server_cpu_s"), ">= 1.2x InspIRCd",
                v(us, "fanout-1.7M", "deliveries_per_server_cpu_s") >= 1.2 * v(them, "fanout-1.7M", "deliveries_per_server_cpu_s"));
        row(sb, "max sustained deliveries/s", get(us, "find-max", "max_sustained_deliveries_per_s"),
                get(them, "find-max", "max_sustained_deliveries_per_s"), ">= InspIRCd",
                v(us, "find-max", "max_sustained_deliveries_per_s") >= v(them, "find-max", "max_sustained_deliveries_per_s"));
        row(sb, "connect storm registrations/s", get(us, "connect-5k", "registrations_per_s"),
                get(them, "connect-5k", "registrations_per_s"), ">= 10,000/s", v(us, "connect-5k", "registrations_per_s") >= 10_000);
        Double ng = get("ngircd", "idle-max", "rss_per_client_bytes");
        row(sb, "idle RSS per client, most clients (B)", get(us, "idle-max", "rss_per_client_bytes"),
                get(them, "idle-max", "rss_per_client_bytes"), "<= ngIRCd (" + f(ng, "%,.0f") + " B)",
                ng != null && v(us, "idle-max", "rss_per_client_bytes") <= ng);
        row(sb, "idle RSS per client, most clients, lean JVM flags (B)", get("chatjar-lean", "idle-max", "rss_per_client_bytes"),
                null, "<= ngIRCd (" + f(ng, "%,.0f") + " B)", ng != null && v("chatjar-lean", "idle-max", "rss_per_client_bytes") <= ng);
        row(sb, "idle live heap per client (B)", get(us, "idle-max", "heap_per_client_bytes"), null, "<= 1,536 B",
                v(us, "idle-max", "heap_per_client_bytes") <= 1536);
        return sb.toString();
    }

    private double v(String c, String sc, String key) {
        Double d = get(c, sc, key);
        return d == null ? Double.NaN : d;
    }

    private static void row(StringBuilder sb, String what, Double ours, Double theirs, String goal, boolean met) {
        sb.append("| ").append(what).append(" | ").append(f(ours, "%,.2f")).append(" | ").append(f(theirs, "%,.2f"))
                .append(" | ").append(goal).append(" | ").append(ours == null ? "not measured" : met ? "yes" : "**no**").append(" |\n");
    }

    /** chart, series, x, y: deliveries/s and p99 against offered deliveries/s; RSS against clients held. */
    String chartData() {
        StringBuilder sb = new StringBuilder("chart\tseries\tx\ty\n");
        for (String c : runs.keySet()) {
            List<Map<?, ?>> points = new ArrayList<>();
            for (String sc : List.of("fanout-99k", "fanout-1.7M")) if (runs.get(c).get(sc) != null) points.add(runs.get(c).get(sc));
            Map<String, Object> fm = runs.get(c).get("find-max");
            if (fm != null && fm.get("steps") instanceof List<?> l) for (Object o : l) if (o instanceof Map<?, ?> m) points.add(m);
            points.sort((a, b) -> Double.compare(num(a.get("offered_deliveries_per_s")), num(b.get("offered_deliveries_per_s"))));
            for (Map<?, ?> p : points) {
                double x = num(p.get("offered_deliveries_per_s"));
                sb.append("deliveries\t").append(c).append('\t').append(x).append('\t').append(num(p.get("deliveries_per_s"))).append('\n');
                sb.append("p99\t").append(c).append('\t').append(x).append('\t').append(num(p.get("p99_ms"))).append('\n');
            }
            for (String sc : List.of("idle-10k", "idle-max")) {
                Double held = get(c, sc, "clients_held_by_server");
                Double before = get(c, sc, "server_rss_before_kib"), after = get(c, sc, "server_rss_after_kib");
                if (held != null && before != null && after != null) {
                    sb.append("memory\t").append(c).append("\t0\t").append(before / 1024).append('\n');
                    sb.append("memory\t").append(c).append('\t').append(held).append('\t').append(after / 1024).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }
}
