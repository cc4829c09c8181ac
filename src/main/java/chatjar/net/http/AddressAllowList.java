package chatjar.net.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of address ranges in CIDR notation ({@code 127.0.0.0/8}, {@code ::1/128}, {@code 10.1.2.3}). Only IP
 * literals are parsed, so no lookup ever leaves the process; a host name in the list is a configuration error.
 */
public final class AddressAllowList {
    /** Loopback only: the default for {@code /metrics}. */
    public static final AddressAllowList LOOPBACK = of(List.of("127.0.0.0/8", "::1/128"));

    private record Range(byte[] network, int prefix) {}

    private final List<Range> ranges;
    private final List<String> source;

    private AddressAllowList(List<Range> ranges, List<String> source) {
        this.ranges = ranges;
        this.source = source;
    }

    /** Parses each entry; throws IllegalArgumentException naming the entry that is not an address or CIDR. */
    public static AddressAllowList of(List<String> cidrs) {
        List<Range> rs = new ArrayList<>();
        for (String c : cidrs) {
            String s = c.trim();
            int slash = s.indexOf('/');
            byte[] addr = literal(slash < 0 ? s : s.substring(0, slash));
            if (addr == null) throw new IllegalArgumentException("not an IP address or CIDR: " + c);
            int prefix = addr.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(s.substring(slash + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad CIDR prefix: " + c);
                }
                if (prefix < 0 || prefix > addr.length * 8) throw new IllegalArgumentException("bad CIDR prefix: " + c);
            }
            rs.add(new Range(addr, prefix));
        }
        return new AddressAllowList(List.copyOf(rs), List.copyOf(cidrs));
    }

    /** True if the textual IP address lies in one of the ranges; anything unparsable is refused. */
    public boolean allows(String address) {
        byte[] a = literal(address);
        if (a == null) return false;
        if (a.length == 16 && isMappedV4(a)) a = java.util.Arrays.copyOfRange(a, 12, 16);
        for (Range r : ranges) if (r.network.length == a.length && matches(r, a)) return true;
        return false;
    }

    @Override
    public String toString() {
        return String.join(", ", source);
    }

    private static boolean matches(Range r, byte[] a) {
        int bits = r.prefix;
        for (int i = 0; bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((r.network[i] & mask) != (a[i] & mask)) return false;
        }
        return true;
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    /** The bytes of an IPv4 or IPv6 literal, or null. Never resolves a name. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty()) return null;
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        int pct = s.indexOf('%'); // zone id (fe80::1%eth0)
        if (pct >= 0) s = s.substring(0, pct);
        if (s.indexOf(':') >= 0) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) return null;
            }
            try {
                return InetAddress.getByName(s).getAddress(); // an IPv6 literal: parsed, not looked up
            } catch (UnknownHostException e) {
                return null;
            }
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) return null;
            int v = Integer.parseInt(parts[i]);
            if (v > 255) return null;
            b[i] = (byte) v;
        }
        return b;
    }
}
