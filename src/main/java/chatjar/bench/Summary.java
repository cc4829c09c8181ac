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

    /**
     * The run's label for a scenario family: bench/run.sh names scenarios by their real size ({@code idle-2k},
     * {@code connect-5k}), so the tables find them by prefix. {@code idle-max} is its own family.
     */
    private String label(String contender, String prefix) {
        Map<String, Map<String, Object>> c = runs.get(contender);
        if (c == null) return prefix + "?";
        for (String sc : c.keySet()) if (sc.startsWith(prefix) && !sc.equals("idle-max")) return sc;
        return prefix + "?";
    }

    /** The label any contender used, for a column heading. */
    private String label(String prefix) {
        for (String c : runs.keySet()) {
            String l = label(c, prefix);
            if (!l.endsWith("?")) return l;
        }
        return prefix.replace("-", "");
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

    /** A figure as people read it: whole numbers (and anything from 100 up) without decimals, small ones with two. */
    static String num(Double v) {
        if (v == null) return "–";
        if (v == Math.rint(v) || Math.abs(v) >= 100) return String.format("%,.0f", v);
        return String.format("%.2f", v);
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
        if (runs.keySet().stream().noneMatch(c -> runs.get(c).containsKey("find-max"))) {
            sb.append("quick".equals(machine.get("mode")) ? "Skipped in quick mode (bench/run.sh --quick runs no find-max).\n"
                    : "Not measured in this run.\n");
        } else {
            sb.append("| server | max deliveries/s | at msg/s | generator CPU share at the knee |\n|---|---:|---:|---:|\n");
        }
        for (String c : runs.keySet()) {
            if (get(c, "find-max", "max_sustained_deliveries_per_s") == null) continue;
            sb.append("| ").append(c).append(" | ").append(f(get(c, "find-max", "max_sustained_deliveries_per_s"), "%,.0f"))
                    .append(" | ").append(f(get(c, "find-max", "max_sustained_rate"), "%,.0f")).append(" | ")
                    .append(f(kneeGeneratorShare(c), "%.2f")).append(" |\n");
        }
        String idle = label("idle-"), connect = label("connect-");
        Double after = null;
        for (String c : runs.keySet()) if (after == null) after = get(c, label(c, "idle-"), "rss_after_s");
        sb.append("\n## Connections and memory\n\n");
        sb.append("RSS per client is above the empty server. \"As top shows it\": read ").append(after == null ? "–" : num(after))
                .append(" s after the clients registered on a fresh server, with no GC forced from outside. \"After a full GC\": "
                        + "read after jcmd forced one, what the server needs rather than what it holds.\n\n");
        sb.append("| server | ").append(connect).append(" storm registrations/s | p99 to 001 ms | failed | ").append(idle)
                .append(": RSS per client as top shows it B | after a full GC B | live heap per client B | idle max: clients held | RSS per client after a full GC B | live heap per client B | dropped |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (String c : runs.keySet()) {
            String ic = label(c, "idle-"), cc = label(c, "connect-");
            sb.append("| ").append(c).append(" | ").append(num(get(c, cc, "registrations_per_s"))).append(" | ")
                    .append(num(get(c, cc, "welcome_p99_ms"))).append(" | ")
                    .append(num(get(c, cc, "failed"))).append(" | ")
                    .append(num(get(c, ic, "rss_unforced_per_client_bytes"))).append(" | ")
                    .append(num(get(c, ic, "rss_per_client_bytes"))).append(" | ")
                    .append(num(get(c, ic, "heap_per_client_bytes"))).append(" | ")
                    .append(num(get(c, "idle-max", "clients_held_by_server"))).append(" | ")
                    .append(num(get(c, "idle-max", "rss_per_client_bytes"))).append(" | ")
                    .append(num(get(c, "idle-max", "heap_per_client_bytes"))).append(" | ")
                    .append(num(get(c, "idle-max", "dropped_while_idle"))).append(" |\n");
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
        row(sb, "connect storm registrations/s", get(us, label(us, "connect-"), "registrations_per_s"),
                get(them, label(them, "connect-"), "registrations_per_s"), ">= 10,000/s",
                v(us, label(us, "connect-"), "registrations_per_s") >= 10_000);
        row(sb, "idle RSS per client as top shows it (B)", get(us, label(us, "idle-"), "rss_unforced_per_client_bytes"),
                get(them, label(them, "idle-"), "rss_unforced_per_client_bytes"), "<= InspIRCd",
                v(us, label(us, "idle-"), "rss_unforced_per_client_bytes") <= v(them, label(them, "idle-"), "rss_unforced_per_client_bytes"));
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
        sb.append("| ").append(what).append(" | ").append(num(ours)).append(" | ").append(num(theirs))
                .append(" | ").append(goal).append(" | ").append(ours == null ? "not measured" : met ? "yes" : "**no**").append(" |\n");
    }

    /** chart, series, x, y: deliveries/s and p99 against offered deliveries/s; RSS against clients held. */
    String chartData() {
        StringBuilder sb = new StringBuilder("chart\tseries\tx\ty\n");
        for (String c : runs.keySet()) {
            List<Map<?, ?>> points = new ArrayList<>();
            for (String sc : List.of("fanout-99k", "fanout-1.7M")) if (runs.get(c).get(sc) != null) points.add(runs.get(c).get(sc));
            Map<String, Object> fm = runs.get(c).get("find-max");
            if (fm != null && fm.get("steps") instanceof List<?> l) {
                // A window that failed is run again at the same rate and the retry decides: draw only that one,
                // or the line jumps up and down at one offered load.
                Map<Object, Map<?, ?>> byRate = new LinkedHashMap<>();
                for (Object o : l) if (o instanceof Map<?, ?> m) byRate.put(m.get("rate"), m);
                points.addAll(byRate.values());
            }
            points.sort((a, b) -> Double.compare(num(a.get("offered_deliveries_per_s")), num(b.get("offered_deliveries_per_s"))));
            for (Map<?, ?> p : points) {
                double x = num(p.get("offered_deliveries_per_s"));
                sb.append("deliveries\t").append(c).append('\t').append(x).append('\t').append(num(p.get("deliveries_per_s"))).append('\n');
                sb.append("p99\t").append(c).append('\t').append(x).append('\t').append(num(p.get("p99_ms"))).append('\n');
            }
            for (String sc : List.of(label(c, "idle-"), "idle-max")) {
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
