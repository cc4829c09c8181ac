package chatjar.bench;

import java.util.List;
import java.util.Map;

/** The summary table for people and the JSON for machines, both from the same ordered result map. */
public final class Report {
    private Report() {}

    public static String table(Map<String, Object> r) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : r.entrySet()) {
            if (e.getValue() instanceof List<?> steps) {
                sb.append(String.format("%-30s%n", e.getKey()));
                for (Object o : steps) {
                    if (o instanceof Map<?, ?> s) {
                        sb.append(String.format("  rate %,10.0f msg/s  deliveries %,12.0f/s  p99 %8.3f ms  delivered %.4f  %s%n",
                                num(s.get("rate")), num(s.get("deliveries_per_s")), num(s.get("p99_ms")),
                                num(s.get("delivered_ratio")), Boolean.TRUE.equals(s.get("sustained")) ? "ok" : "past the knee"));
                    }
                }
            } else {
                sb.append(String.format("%-30s %s%n", e.getKey(), text(e.getValue())));
            }
        }
        return sb.toString();
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : 0;
    }

    private static String text(Object v) {
        if (v instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) return String.format("%,d", d.longValue());
            return String.format("%,.3f", d);
        }
        if (v instanceof Long || v instanceof Integer) return String.format("%,d", ((Number) v).longValue());
        return String.valueOf(v);
    }

    public static String json(Object v) {
        StringBuilder sb = new StringBuilder();
        json(v, sb, "");
        return sb.append('\n').toString();
    }

    private static void json(Object v, StringBuilder sb, String indent) {
        if (v instanceof Map<?, ?> m) {
            sb.append("{");
            String sep = "\n";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append(sep).append(indent).append("  ");
                string(String.valueOf(e.getKey()), sb);
                sb.append(": ");
                json(e.getValue(), sb, indent + "  ");
                sep = ",\n";
            }
            sb.append("\n").append(indent).append("}");
        } else if (v instanceof List<?> l) {
            sb.append("[");
            String sep = "\n";
            for (Object o : l) {
                sb.append(sep).append(indent).append("  ");
                json(o, sb, indent + "  ");
                sep = ",\n";
            }
            sb.append("\n").append(indent).append("]");
        } else if (v instanceof Double d) {
            sb.append(d.isNaN() || d.isInfinite() ? "null" : (d == Math.rint(d) ? Long.toString(d.longValue()) : d.toString()));
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v == null) {
            sb.append("null");
        } else {
            string(v.toString(), sb);
        }
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }
}
