package chatjar.server.config;

import chatjar.server.ServerConfig;
import chatjar.server.caps.ClientTagDeny;
import chatjar.server.limits.Cidr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The {@code limits:} section as data: each key's name (the same as its command-line option, where there is
 * one), what it means, how to read and check a value, and where it goes. docs/operations.md lists the same keys.
 */
public final class LimitKeys {
    public record Key(String name, String help, boolean live, Function<ServerConfig.Limits, Object> get,
                      Parser parse, BiConsumer<ServerConfig.Limits.Builder, Object> set) {}

    @FunctionalInterface
    public interface Parser {
        /** The checked value, or throws IllegalArgumentException with what was expected. */
        Object parse(Object raw);
    }

    public static final List<Key> ALL = List.of(
            new Key("max-clients", "connections at once; more get ERROR (Server is full)", true,
                    ServerConfig.Limits::maxClients, whole(1), (b, v) -> b.maxClients = (int) v),
            new Key("max-per-ip", "open connections per network (0: no limit); more get ERROR :Too many connections from your host", true,
                    ServerConfig.Limits::maxPerIp, whole(0), (b, v) -> b.maxPerIp = (int) v),
            new Key("connects-per-minute", "new connections per network per minute (0: no throttle)", true,
                    ServerConfig.Limits::connectsPerIpPerMinute, whole(0), (b, v) -> b.connectsPerIpPerMinute = (int) v),
            new Key("ipv4-prefix", "IPv4 addresses sharing this many leading bits count as one network", true,
                    ServerConfig.Limits::ipv4Prefix, range(0, 32), (b, v) -> b.ipv4Prefix = (int) v),
            new Key("ipv6-prefix", "IPv6 addresses sharing this many leading bits count as one network", true,
                    ServerConfig.Limits::ipv6Prefix, range(0, 128), (b, v) -> b.ipv6Prefix = (int) v),
            new Key("exempt", "networks (CIDR) free of the per-network limits; [] exempts nobody", true,
                    ServerConfig.Limits::exempt, LimitKeys::cidrs, (b, v) -> b.exempt = cidrList(v)),
            new Key("sendq", "bytes queued for one client before it is dropped (SendQ exceeded); k and m suffixes", true,
                    ServerConfig.Limits::sendqBytes, LimitKeys::bytes, (b, v) -> b.sendqBytes = (long) v),
            new Key("flood-burst", "lines handled at once before metering starts (0: flood control off)", true,
                    ServerConfig.Limits::floodBurst, whole(0), (b, v) -> b.floodBurst = (int) v),
            new Key("flood-rate", "lines per second after the burst", true,
                    ServerConfig.Limits::floodPerSecond, LimitKeys::positive, (b, v) -> b.floodPerSecond = (double) v),
            new Key("flood-backlog", "lines waiting beyond the rate before Excess Flood", true,
                    ServerConfig.Limits::floodMaxBacklog, whole(1), (b, v) -> b.floodMaxBacklog = (int) v),
            new Key("ping-interval", "seconds of silence before the server sends PING", true,
                    ServerConfig.Limits::pingIntervalSeconds, whole(1), (b, v) -> b.pingIntervalSeconds = (int) v),
            new Key("ping-timeout", "seconds to answer that PING (Ping timeout)", true,
                    ServerConfig.Limits::pingTimeoutSeconds, whole(1), (b, v) -> b.pingTimeoutSeconds = (int) v),
            new Key("registration-timeout", "seconds to finish registering (Registration timed out)", true,
                    ServerConfig.Limits::registrationTimeoutSeconds, whole(1), (b, v) -> b.registrationTimeoutSeconds = (int) v),
            new Key("nick-length", "NICKLEN: longer nicks get 432", false,
                    ServerConfig.Limits::nickLen, range(1, 200), (b, v) -> b.nickLen = (int) v),
            new Key("channel-length", "CHANNELLEN: longer channel names get 476", false,
                    ServerConfig.Limits::channelLen, range(2, 200), (b, v) -> b.channelLen = (int) v),
            new Key("topic-length", "TOPICLEN: longer topics are cut", false,
                    ServerConfig.Limits::topicLen, range(1, 400), (b, v) -> b.topicLen = (int) v),
            new Key("kick-length", "KICKLEN: longer kick reasons are cut", false,
                    ServerConfig.Limits::kickLen, range(1, 400), (b, v) -> b.kickLen = (int) v),
            new Key("away-length", "AWAYLEN: longer away messages are cut", false,
                    ServerConfig.Limits::awayLen, range(1, 400), (b, v) -> b.awayLen = (int) v),
            new Key("channels-per-user", "CHANLIMIT: joining more gets 405", false,
                    ServerConfig.Limits::channelsPerUser, whole(1), (b, v) -> b.channelsPerUser = (int) v),
            new Key("targets-per-message", "MAXTARGETS/TARGMAX: more PRIVMSG/NOTICE targets get 407", false,
                    ServerConfig.Limits::maxTargets, whole(1), (b, v) -> b.maxTargets = (int) v),
            new Key("bans-per-channel", "MAXLIST beI: more +b/+e/+I entries in one channel get 478", false,
                    ServerConfig.Limits::maxBans, whole(1), (b, v) -> b.maxBans = (int) v),
            new Key("client-tag-deny", "CLIENTTAGDENY: client-only tags dropped instead of relayed; [] relays all", false,
                    ServerConfig.Limits::clientTagDeny, LimitKeys::tagNames, (b, v) -> b.clientTagDeny = stringList(v)));

    private LimitKeys() {}

    public static Key find(String name) {
        for (Key k : ALL) if (k.name.equals(name)) return k;
        return null;
    }

    static Parser whole(int min) {
        return range(min, Integer.MAX_VALUE);
    }

    static Parser range(int min, int max) {
        return raw -> {
            if (raw instanceof Number n && !(raw instanceof Double) && n.longValue() >= min && n.longValue() <= max) {
                return (int) n.longValue();
            }
            throw new IllegalArgumentException(max == Integer.MAX_VALUE ? "expected a whole number >= " + min
                    : "expected a whole number from " + min + " to " + max);
        };
    }

    static Object positive(Object raw) {
        if (raw instanceof Number n && n.doubleValue() > 0 && n.doubleValue() <= 1000) return n.doubleValue();
        throw new IllegalArgumentException("expected a number above 0 (at most 1000)");
    }

    /** 1048576, "1m", "512k". */
    static Object bytes(Object raw) {
        if (raw instanceof Number n && !(raw instanceof Double) && n.longValue() >= 1024) return n.longValue();
        if (raw instanceof String s) {
            String t = s.strip().toLowerCase(Locale.ROOT);
            long unit = t.endsWith("k") ? 1024 : t.endsWith("m") ? 1024 * 1024 : 1;
            try {
                long v = Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
                if (v >= 1024) return v;
            } catch (NumberFormatException ignored) {
                // falls through to the error below
            }
        }
        throw new IllegalArgumentException("expected a size of at least 1024 bytes, like 1048576, 512k or 1m");
    }

    static Object cidrs(Object raw) {
        List<?> items = raw instanceof List<?> l ? l : raw == null ? List.of() : List.of(raw);
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof String s)) throw new IllegalArgumentException("expected a list of networks like 127.0.0.0/8");
            Cidr.parse(s); // throws with the reason
            out.add(s.strip());
        }
        return out;
    }

    /** A list of client-only tag names, or one comma-separated string of them: [typing] or "*,-draft/react". */
    static Object tagNames(Object raw) {
        List<?> items = raw instanceof List<?> l ? l : raw == null ? List.of()
                : raw instanceof String s ? (s.isBlank() ? List.of() : List.of(s.split(",", -1))) : List.of(raw);
        List<String> out = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof String s)) throw new IllegalArgumentException("expected client-only tag names like typing, * or -draft/react");
            out.add(s.strip());
        }
        String problem = ClientTagDeny.problem(out);
        if (problem != null) throw new IllegalArgumentException(problem);
        return out;
    }

    @SuppressWarnings("unchecked")
    private static List<String> cidrList(Object v) {
        return (List<String>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Object v) {
        return (List<String>) v;
    }
}
