package chatjar.server.history;

import chatjar.store.Retention;

/**
 * How the server uses its history, fixed at start-up.
 *
 * @param replayIrc       lines replayed on JOIN to IRC clients without {@code draft/chathistory} (0: none)
 * @param replayPlain     lines replayed on JOIN to plain-text (nc, telnet) users (0: none)
 * @param retention       what the periodic purge removes
 * @param purgeEveryMillis how often the purge runs
 */
public record HistorySettings(int replayIrc, int replayPlain, Retention retention, long purgeEveryMillis) {
    /** The most lines one CHATHISTORY request returns, advertised as ISUPPORT {@code CHATHISTORY=}. */
    public static final int MAX_PER_REQUEST = 100;
    /** Replay is a courtesy, not a history browser: more than this belongs to CHATHISTORY. */
    public static final int MAX_REPLAY = 50;

    public HistorySettings {
        if (replayIrc < 0 || replayIrc > MAX_REPLAY || replayPlain < 0 || replayPlain > MAX_REPLAY) {
            throw new IllegalArgumentException("join replay must be 0-" + MAX_REPLAY + " lines");
        }
        if (purgeEveryMillis <= 0) throw new IllegalArgumentException("purge interval must be positive");
    }

    public static HistorySettings defaults() {
        return new HistorySettings(0, 10, Retention.FOREVER, 3_600_000);
    }
}
