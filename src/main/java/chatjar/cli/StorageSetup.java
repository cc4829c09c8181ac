package chatjar.cli;

import chatjar.server.Storage;
import chatjar.server.config.ConfigException;
import chatjar.server.history.HistorySettings;
import chatjar.store.Retention;
import chatjar.store.StoreStartException;
import chatjar.store.sqlite.SqliteOptions;

/**
 * The server command's storage options ({@code --data-dir}, {@code --no-store}, retention, join replay; each also
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

    /** Opens the data directory, or memory only with {@code --no-store}; a failure is one line for the user. */
    static Storage open(ServerCommand cmd, HistorySettings settings) throws StoreStartException {
        if (cmd.noStore) return Storage.memory(settings.retention());
        return Storage.open(cmd.dataDir, SqliteOptions.defaults().withRetention(settings.retention()));
    }
}
