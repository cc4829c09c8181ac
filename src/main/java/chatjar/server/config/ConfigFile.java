package chatjar.server.config;

import chatjar.server.ServerConfig;
import chatjar.server.auth.PasswordHash;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code server --config chat.yaml}. Top-level keys are the server's command-line options without their dashes
 * ({@code port: 6667}, {@code name: irc.example.org}); sections hold what has no option: {@code limits:},
 * {@code operators:}, {@code listen:} (plain listeners), {@code tls:} and {@code motd-text:}. Parsing is YAML 1.2
 * with snakeyaml-engine, which builds only maps, lists and scalars (no arbitrary objects), and duplicate keys are
 * refused. Every problem is one line naming the file and the key; the caller exits with code 2.
 */
public final class ConfigFile {
    /** A plain (non-TLS) listener from {@code listen:}. */
    public record Listener(String bind, int port) {}

    private static final Set<String> SECTIONS = Set.of("limits", "operators", "listen", "tls", "motd-text");
    private static final Set<String> TLS_KEYS = Set.of("bind", "port", "cert", "key", "keystore", "keystore-password", "self-signed");

    private final String file;
    private final Map<String, Object> options = new LinkedHashMap<>();
    private final Map<LimitKeys.Key, Object> limits = new LinkedHashMap<>();
    private List<ServerConfig.Operator> operators;
    private List<Listener> listeners;
    private ServerConfig.Tls tls;
    private List<String> motdText;

    private ConfigFile(String file) {
        this.file = file;
    }

    /**
     * Reads and checks {@code path}. {@code optionNames} are the command's long options without dashes; any
     * other top-level key is an error. Blocking: call it off the loop thread.
     */
    public static ConfigFile load(Path path, Set<String> optionNames) throws ConfigException {
        ConfigFile cf = new ConfigFile(path.toString());
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(cf.file, null, "no such file");
        } catch (IOException e) {
            throw new ConfigException(cf.file, null, "cannot read: " + e);
        }
        cf.parse(text, optionNames);
        return cf;
    }

    /** For tests: parses {@code text} as if it were the file {@code name}. */
    public static ConfigFile parse(String name, String text, Set<String> optionNames) throws ConfigException {
        ConfigFile cf = new ConfigFile(name);
        cf.parse(text, optionNames);
        return cf;
    }

    public String file() { return file; }
    /** Raw values of top-level option keys, in file order; the caller converts them as the command line would. */
    public Map<String, Object> options() { return options; }
    /** Null when the file has no {@code operators:} section. */
    public List<ServerConfig.Operator> operators() { return operators; }
    /** Null when the file has no {@code listen:} section. */
    public List<Listener> listeners() { return listeners; }
    /** Null when the file has no {@code tls:} section. */
    public ServerConfig.Tls tls() { return tls; }
    /** Null when the file has no {@code motd-text:}. */
    public List<String> motdText() { return motdText; }

    /** {@code base} with this file's {@code limits:} applied. */
    public ServerConfig.Limits.Builder applyLimits(ServerConfig.Limits.Builder base) {
        limits.forEach((k, v) -> k.set().accept(base, v));
        return base;
    }

    /** True when the file sets this limit (then only an explicit command-line option overrides it). */
    public boolean setsLimit(String name) {
        return limits.keySet().stream().anyMatch(k -> k.name().equals(name));
    }

    private void parse(String text, Set<String> optionNames) throws ConfigException {
        Object root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10).build();
            root = new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> "line " + (m.getLine() + 1) + ": ").orElse("");
            throw new ConfigException(file, null, where + "not valid YAML: " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new ConfigException(file, null, "not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null) return; // an empty file is a valid, empty config
        Map<String, Object> top = map(root, "");
        for (Map.Entry<String, Object> e : top.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            switch (key) {
                case "limits" -> parseLimits(map(v, "limits"));
                case "operators" -> parseOperators(v);
                case "listen" -> parseListeners(v);
                case "tls" -> parseTls(map(v, "tls"));
                case "motd-text" -> {
                    if (!(v instanceof String s)) throw new ConfigException(file, key, "expected text (use | for several lines)");
                    motdText = s.lines().toList();
                }
                default -> {
                    if (LimitKeys.find(key) != null) throw new ConfigException(file, key, "belongs under limits:");
                    if (!optionNames.contains(key) || key.equals("config")) {
                        throw new ConfigException(file, key, "unknown key (known: " + known(optionNames) + ")");
                    }
                    if (v instanceof Map || v instanceof List) throw new ConfigException(file, key, "expected a single value");
                    options.put(key, v);
                }
            }
        }
        if (motdText != null && options.containsKey("motd")) {
            throw new ConfigException(file, "motd-text", "give either motd (a file) or motd-text, not both");
        }
    }

    private static String known(Set<String> optionNames) {
        List<String> all = new ArrayList<>(optionNames);
        all.removeIf(n -> n.equals("config") || n.equals("help") || n.equals("version") || LimitKeys.find(n) != null);
        all.addAll(SECTIONS);
        all.sort(null);
        return String.join(", ", all);
    }

    private void parseLimits(Map<String, Object> m) throws ConfigException {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            LimitKeys.Key k = LimitKeys.find(e.getKey());
            String at = "limits." + e.getKey();
            if (k == null) throw new ConfigException(file, at, "unknown limit (see docs/operations.md for the list)");
            try {
                limits.put(k, k.parse().parse(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(file, at, ex.getMessage() + ", got " + show(e.getValue()));
            }
        }
    }

    private void parseOperators(Object v) throws ConfigException {
        List<?> list = list(v, "operators");
        operators = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "operators[" + i + "]";
            Map<String, Object> m = map(list.get(i), at);
            for (String k : m.keySet()) {
                if (!k.equals("name") && !k.equals("password")) throw new ConfigException(file, at + "." + k, "unknown key (known: name, password)");
            }
            String name = string(m.get("name"), at + ".name");
            if (name.isEmpty() || name.contains(" ")) throw new ConfigException(file, at + ".name", "expected a name without spaces");
            if (!names.add(name)) throw new ConfigException(file, at + ".name", "operator " + name + " is defined twice");
            String hash = string(m.get("password"), at + ".password");
            String problem = PasswordHash.problem(hash);
            if (problem != null) throw new ConfigException(file, at + ".password", problem);
            operators.add(new ServerConfig.Operator(name, hash));
        }
    }

    private void parseListeners(Object v) throws ConfigException {
        List<?> list = list(v, "listen");
        listeners = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "listen[" + i + "]";
            Map<String, Object> m = map(list.get(i), at);
            for (String k : m.keySet()) {
                if (!k.equals("bind") && !k.equals("port")) throw new ConfigException(file, at + "." + k, "unknown key (known: bind, port; TLS goes under tls:)");
            }
            String bind = m.containsKey("bind") ? string(m.get("bind"), at + ".bind") : "127.0.0.1";
            listeners.add(new Listener(bind, port(m.get("port"), at + ".port")));
        }
    }

    private void parseTls(Map<String, Object> m) throws ConfigException {
        for (String k : m.keySet()) {
            if (!TLS_KEYS.contains(k)) throw new ConfigException(file, "tls." + k, "unknown key (known: " + String.join(", ", new java.util.TreeSet<>(TLS_KEYS)) + ")");
        }
        String bind = m.containsKey("bind") ? string(m.get("bind"), "tls.bind") : null;
        int port = m.containsKey("port") ? port(m.get("port"), "tls.port") : 0;
        String cert = optString(m, "cert");
        String key = optString(m, "key");
        String keystore = optString(m, "keystore");
        String ksPass = optString(m, "keystore-password");
        Object ss = m.getOrDefault("self-signed", false);
        if (!(ss instanceof Boolean selfSigned)) throw new ConfigException(file, "tls.self-signed", "expected true or false, got " + show(ss));
        if ((cert == null) != (key == null)) throw new ConfigException(file, cert == null ? "tls.cert" : "tls.key", "cert and key go together");
        if (cert != null && keystore != null) throw new ConfigException(file, "tls.keystore", "give either cert and key, or keystore, not both");
        tls = new ServerConfig.Tls(bind, port, cert, key, keystore, ksPass, selfSigned);
    }

    private String optString(Map<String, Object> m, String k) throws ConfigException {
        return m.get(k) == null ? null : string(m.get(k), "tls." + k);
    }

    private int port(Object v, String at) throws ConfigException {
        if (v instanceof Integer p && p >= 0 && p <= 65535) return p;
        throw new ConfigException(file, at, "expected a port number 0-65535, got " + show(v));
    }

    private String string(Object v, String at) throws ConfigException {
        if (v instanceof String s) return s;
        if (v instanceof Number || v instanceof Boolean) return String.valueOf(v);
        throw new ConfigException(file, at, v == null ? "missing" : "expected text, got " + show(v));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object v, String at) throws ConfigException {
        if (v instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) {
                if (!(k instanceof String)) throw new ConfigException(file, at, "keys must be text, got " + show(k));
            }
            return (Map<String, Object>) m;
        }
        throw new ConfigException(file, at, "expected a section of key: value lines, got " + show(v));
    }

    private List<?> list(Object v, String at) throws ConfigException {
        if (v instanceof List<?> l) return l;
        throw new ConfigException(file, at, "expected a list (lines starting with -), got " + show(v));
    }

    private static String show(Object v) {
        if (v == null) return "nothing";
        if (v instanceof String s) return "\"" + s + "\"";
        if (v instanceof Map) return "a section";
        if (v instanceof List) return "a list";
        return String.valueOf(v);
    }
}
