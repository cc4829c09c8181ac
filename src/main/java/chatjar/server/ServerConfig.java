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
        Limits limits,
        List<Operator> operators,
        Tls tls) {

    public ServerConfig {
        operators = operators == null ? List.of() : List.copyOf(operators);
    }

    /** An operator block: OPER name password, checked against a PBKDF2 hash (chat.jar passwd makes one). */
    public record Operator(String name, String passwordHash) {}

    /**
     * The config file's {@code tls:} section (null when absent), for the TLS listener: a PEM pair as certbot writes
     * it, or a PKCS#12 keystore, or a throwaway self-signed certificate. {@code port} 0 means no TLS listener.
     */
    public record Tls(String bind, int port, String cert, String key, String keystore, String keystorePassword,
                      boolean selfSigned) {}

    public static final int MAX_LINE = 512;
    public static final int MAX_TAGS = 8191;

    /**
     * Every tunable limit, with the defaults documented in docs/operations.md. Per-IP limits match addresses
     * by CIDR prefix ({@code ipv4Prefix}, {@code ipv6Prefix}) and skip the {@code exempt} networks; flood control
     * and the sendq apply to everyone. A flood burst of 0 turns flood control off.
     */
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
            int registrationTimeoutSeconds,
            int maxPerIp,
            int connectsPerIpPerMinute,
            int ipv4Prefix,
            int ipv6Prefix,
            List<String> exempt,
            int floodBurst,
            double floodPerSecond,
            int floodMaxBacklog,
            List<String> clientTagDeny) {

        public Limits {
            exempt = List.copyOf(exempt);
            clientTagDeny = List.copyOf(clientTagDeny);
        }

        public static Limits defaults() {
            return new Limits(30, 50, 390, 255, 200, 50, 4, 100, 100_000, 1 << 20, 120, 60, 60,
                    16, 30, 32, 64, List.of("127.0.0.0/8", "::1/128"), 5, 2.0, 32, List.of());
        }

        public Builder toBuilder() {
            return new Builder(this);
        }

        public Limits withTimeouts(int pingInterval, int pingTimeout, int registrationTimeout) {
            return toBuilder().pingIntervalSeconds(pingInterval).pingTimeoutSeconds(pingTimeout)
                    .registrationTimeoutSeconds(registrationTimeout).build();
        }

        public Limits withSendq(long bytes) {
            return toBuilder().sendqBytes(bytes).build();
        }

        public Limits withMaxClients(int n) {
            return toBuilder().maxClients(n).build();
        }

        /** Flood control off; the test harness uses it so transcripts can send lines as fast as they like. */
        public Limits withoutFloodControl() {
            return toBuilder().floodBurst(0).build();
        }

        /** A mutable copy for the command line and the config file; names match the record's components. */
        public static final class Builder {
            public int nickLen, channelLen, topicLen, kickLen, awayLen, channelsPerUser, maxTargets, maxBans, maxClients;
            public long sendqBytes;
            public int pingIntervalSeconds, pingTimeoutSeconds, registrationTimeoutSeconds;
            public int maxPerIp, connectsPerIpPerMinute, ipv4Prefix, ipv6Prefix;
            public List<String> exempt;
            public int floodBurst;
            public double floodPerSecond;
            public int floodMaxBacklog;
            public List<String> clientTagDeny;

            Builder(Limits l) {
                nickLen = l.nickLen; channelLen = l.channelLen; topicLen = l.topicLen; kickLen = l.kickLen;
                awayLen = l.awayLen; channelsPerUser = l.channelsPerUser; maxTargets = l.maxTargets;
                maxBans = l.maxBans; maxClients = l.maxClients; sendqBytes = l.sendqBytes;
                pingIntervalSeconds = l.pingIntervalSeconds; pingTimeoutSeconds = l.pingTimeoutSeconds;
                registrationTimeoutSeconds = l.registrationTimeoutSeconds; maxPerIp = l.maxPerIp;
                connectsPerIpPerMinute = l.connectsPerIpPerMinute; ipv4Prefix = l.ipv4Prefix;
                ipv6Prefix = l.ipv6Prefix; exempt = l.exempt; floodBurst = l.floodBurst;
                floodPerSecond = l.floodPerSecond; floodMaxBacklog = l.floodMaxBacklog;
                clientTagDeny = l.clientTagDeny;
            }

            public Builder nickLen(int v) { nickLen = v; return this; }
            public Builder channelLen(int v) { channelLen = v; return this; }
            public Builder topicLen(int v) { topicLen = v; return this; }
            public Builder kickLen(int v) { kickLen = v; return this; }
            public Builder awayLen(int v) { awayLen = v; return this; }
            public Builder channelsPerUser(int v) { channelsPerUser = v; return this; }
            public Builder maxTargets(int v) { maxTargets = v; return this; }
            public Builder maxBans(int v) { maxBans = v; return this; }
            public Builder maxClients(int v) { maxClients = v; return this; }
            public Builder sendqBytes(long v) { sendqBytes = v; return this; }
            public Builder pingIntervalSeconds(int v) { pingIntervalSeconds = v; return this; }
            public Builder pingTimeoutSeconds(int v) { pingTimeoutSeconds = v; return this; }
            public Builder registrationTimeoutSeconds(int v) { registrationTimeoutSeconds = v; return this; }
            public Builder maxPerIp(int v) { maxPerIp = v; return this; }
            public Builder connectsPerIpPerMinute(int v) { connectsPerIpPerMinute = v; return this; }
            public Builder ipv4Prefix(int v) { ipv4Prefix = v; return this; }
            public Builder ipv6Prefix(int v) { ipv6Prefix = v; return this; }
            public Builder exempt(List<String> v) { exempt = v; return this; }
            public Builder floodBurst(int v) { floodBurst = v; return this; }
            public Builder floodPerSecond(double v) { floodPerSecond = v; return this; }
            public Builder floodMaxBacklog(int v) { floodMaxBacklog = v; return this; }
            public Builder clientTagDeny(List<String> v) { clientTagDeny = v; return this; }

            public Limits build() {
                return new Limits(nickLen, channelLen, topicLen, kickLen, awayLen, channelsPerUser, maxTargets,
                        maxBans, maxClients, sendqBytes, pingIntervalSeconds, pingTimeoutSeconds,
                        registrationTimeoutSeconds, maxPerIp, connectsPerIpPerMinute, ipv4Prefix, ipv6Prefix, exempt,
                        floodBurst, floodPerSecond, floodMaxBacklog, clientTagDeny);
            }
        }
    }

    /** Framer's hard limit: the 512-byte body plus the IRCv3 tag allowance; the body limit is checked later. */
    public int maxFrame() {
        return MAX_LINE + MAX_TAGS + 1;
    }

    public static ServerConfig defaults() {
        return new ServerConfig("chat.local", "chatjar", null, null, "#lobby", false, Limits.defaults(), null, null);
    }

    public ServerConfig withLimits(Limits l) {
        return new ServerConfig(name, network, password, motd, defaultChannel, logMessages, l, operators, tls);
    }

    public ServerConfig withPassword(String p) {
        return new ServerConfig(name, network, p, motd, defaultChannel, logMessages, limits, operators, tls);
    }

    public ServerConfig withOperators(List<Operator> ops) {
        return new ServerConfig(name, network, password, motd, defaultChannel, logMessages, limits, ops, tls);
    }

    public ServerConfig withMotd(List<String> lines) {
        return new ServerConfig(name, network, password, lines, defaultChannel, logMessages, limits, operators, tls);
    }
}
