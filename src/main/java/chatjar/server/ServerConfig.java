package chatjar.server;

import java.util.List;

/**
 * Everything the server is told at start-up, immutable. Limits carry the defaults documented in
 * docs/operations.md; the command line (and later a config file) builds one of these.
 */
public record ServerConfig(
        String name,
        String network,
        String password,
        List<String> motd,
        String defaultChannel,
        boolean logMessages,
        Limits limits) {

    public static final int MAX_LINE = 512;
    public static final int MAX_TAGS = 8191;

    public record Limits(
            int nickLen,
            int channelLen,
            int topicLen,
            int kickLen,
            int awayLen,
            int channelsPerUser,
            int maxTargets,
            int maxBans,
            int maxClients,
            long sendqBytes,
            int pingIntervalSeconds,
            int pingTimeoutSeconds,
            int registrationTimeoutSeconds) {

        public static Limits defaults() {
            return new Limits(30, 50, 390, 255, 200, 50, 4, 100, 100_000, 1 << 20, 120, 60, 60);
        }

        public Limits withTimeouts(int pingInterval, int pingTimeout, int registrationTimeout) {
            return new Limits(nickLen, channelLen, topicLen, kickLen, awayLen, channelsPerUser, maxTargets, maxBans,
                    maxClients, sendqBytes, pingInterval, pingTimeout, registrationTimeout);
        }

        public Limits withSendq(long bytes) {
            return new Limits(nickLen, channelLen, topicLen, kickLen, awayLen, channelsPerUser, maxTargets, maxBans,
                    maxClients, bytes, pingIntervalSeconds, pingTimeoutSeconds, registrationTimeoutSeconds);
        }

        public Limits withMaxClients(int n) {
            return new Limits(nickLen, channelLen, topicLen, kickLen, awayLen, channelsPerUser, maxTargets, maxBans,
                    n, sendqBytes, pingIntervalSeconds, pingTimeoutSeconds, registrationTimeoutSeconds);
        }
    }

    /** Framer's hard limit: the 512-byte body plus the IRCv3 tag allowance; the body limit is checked later. */
    public int maxFrame() {
        return MAX_LINE + MAX_TAGS + 1;
    }

    public static ServerConfig defaults() {
        return new ServerConfig("chat.local", "chatjar", null, null, "#lobby", false, Limits.defaults());
    }

    public ServerConfig withLimits(Limits l) {
        return new ServerConfig(name, network, password, motd, defaultChannel, logMessages, l);
    }

    public ServerConfig withPassword(String p) {
        return new ServerConfig(name, network, p, motd, defaultChannel, logMessages, limits);
    }
}
