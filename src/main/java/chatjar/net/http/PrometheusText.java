package chatjar.net.http;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): each family once with its HELP and TYPE, then
 * its samples. Names and label names are checked; label values and help text are escaped, so a metric fed from
 * user input cannot break the page.
 */
public final class PrometheusText {
    public enum Type { COUNTER, GAUGE }

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final StringBuilder out = new StringBuilder(1024);
    private final Set<String> families = new HashSet<>();
    private String current;

    /** A family with one unlabelled sample. */
    public PrometheusText counter(String name, String help, double value) {
        return family(name, Type.COUNTER, help).sample(value);
    }

    public PrometheusText gauge(String name, String help, double value) {
        return family(name, Type.GAUGE, help).sample(value);
    }

    /** Starts a family; {@link #sample} calls that follow belong to it. Counters should end in {@code _total}. */
    public PrometheusText family(String name, Type type, String help) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("bad metric name " + name);
        if (!families.add(name)) throw new IllegalArgumentException("metric family twice: " + name);
        current = name;
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') out.append("\\\\");
            else if (c == '\n') out.append("\\n");
            else out.append(c);
        }
        out.append('\n').append("# TYPE ").append(name).append(' ')
                .append(type == Type.COUNTER ? "counter" : "gauge").append('\n');
        return this;
    }

    public PrometheusText sample(double value) {
        return sample(new String[0], value);
    }

    /** A sample of the current family with labels given as name, value, name, value... */
    public PrometheusText sample(String[] labels, double value) {
        if (current == null) throw new IllegalStateException("sample before family");
        if (labels.length % 2 != 0) throw new IllegalArgumentException("labels come in pairs");
        out.append(current);
        if (labels.length > 0) {
            out.append('{');
            for (int i = 0; i < labels.length; i += 2) {
                if (!LABEL.matcher(labels[i]).matches()) throw new IllegalArgumentException("bad label " + labels[i]);
                if (i > 0) out.append(',');
                out.append(labels[i]).append("=\"");
                String v = labels[i + 1];
                for (int j = 0; j < v.length(); j++) {
                    char c = v.charAt(j);
                    if (c == '\\') out.append("\\\\");
                    else if (c == '"') out.append("\\\"");
                    else if (c == '\n') out.append("\\n");
                    else out.append(c);
                }
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    public byte[] toBytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static String format(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "+Inf" : "-Inf";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return Double.toString(v);
    }
}
