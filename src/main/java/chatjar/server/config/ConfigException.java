package chatjar.server.config;

/** A config problem, already phrased as the one line the operator sees: {@code file: key: what is wrong}. */
public final class ConfigException extends Exception {
    public ConfigException(String file, String key, String problem) {
        super(file + ": " + (key == null || key.isEmpty() ? "" : key + ": ") + problem);
    }
}
