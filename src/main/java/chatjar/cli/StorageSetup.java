package chatjar.cli;

import chatjar.server.Storage;
import chatjar.server.config.ConfigException;
import chatjar.server.history.HistorySettings;
import chatjar.store.Retention;
import chatjar.store.StoreStartException;
import chatjar.store.redis.RedisStore;
import chatjar.store.sqlite.SqliteOptions;

/**
 * The server command's storage options ({@code --data-dir}, {@code --no-store}, {@code --cluster-store}, retention, join replay; each also
 * a config-file key) turned into an open {@link Storage} and the {@link HistorySettings}. Opening is blocking
 * (files, the schema check) and runs before the loop starts.
 */
final class StorageSetup {
    private StorageSetup() {}

    static HistorySettings settings(ServerCommand cmd) throws ConfigException {
        if (cmd.historyMaxAgeDays < 0) throw new ConfigException("command line", "history-max-age", "must be 0 (keep forever) or more days, got " + cmd.historyMaxAgeDays);
        if (cmd.historyMaxLines < 0) throw new ConfigException("command line", "history-max-lines", "must be 0 (no limit) or more, got " + cmd.historyMaxLines);
        for (int n : new int[] {cmd.replayLines, cmd.replayIrcLines}) {
            if (n < 0 || n > HistorySettings.MAX_REPLAY) {
                throw new ConfigException("command line", n == cmd.replayLines ? "replay-lines" : "replay-irc-lines",
                        "must be 0-" + HistorySettings.MAX_REPLAY + ", got " + n);
            }
        }
        Retention retention = new Retention(cmd.historyMaxAgeDays * 86_400_000L, cmd.historyMaxLines);
        return new HistorySettings(cmd.replayIrcLines, cmd.replayLines, retention, 3_600_000);
    }

    /** As below, the node named by {@code --node-name} (or "chat.jar"). */
    static Storage open(ServerCommand cmd, HistorySettings settings) throws StoreStartException {
        return open(cmd, settings, cmd.nodeName != null ? cmd.nodeName : "chat.jar");
    }

    /**
     * Opens the data directory, memory only with {@code --no-store}, or, in cluster mode by default, the store in
     * the cluster's Redis shared by every node ({@code node} names this node there); a failure is one line for
     * the user.
     */
    static Storage open(ServerCommand cmd, HistorySettings settings, String node) throws StoreStartException {
        if (cmd.noStore) return Storage.memory(settings.retention());
        if (cmd.cluster != null && cmd.clusterStore == ServerCommand.ClusterStore.redis) {
            RedisStore store = RedisStore.open(RedisStore.Options.defaults(cmd.cluster, node).withRetention(settings.retention()));
            return new Storage(store.history(), store.accounts(), null);
        }
        return Storage.open(cmd.dataDir, SqliteOptions.defaults().withRetention(settings.retention()));
    }
}
