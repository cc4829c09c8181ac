package chatjar.server.limits;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An address block such as {@code 127.0.0.0/8} or {@code 2001:db8::/32}. Parsing accepts only literals, so it
 * can never trigger a DNS lookup (InetAddress.getByName on a name would block the loop).
 */
public record Cidr(byte[] network, int prefix) {
    public static Cidr parse(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) throw new IllegalArgumentException("not an IP address: " + addr);
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in " + t);
            }
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("prefix length must be 0-" + bits + " in " + t);
        }
        return new Cidr(mask(bytes, prefix), prefix);
    }

    /** The raw bytes of an IPv4 or IPv6 literal (zone id dropped), or null if it is not one. */
    public static byte[] literal(String addr) {
        int pct = addr.indexOf('%');
        if (pct >= 0) addr = addr.substring(0, pct);
        if (addr.isEmpty()) return null;
        for (int i = 0; i < addr.length(); i++) {
            char c = addr.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':';
            if (!ok) return null;
        }
        if (addr.indexOf(':') < 0 && addr.chars().filter(c -> c == '.').count() != 3) return null;
        try {
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** The first {@code prefix} bits of {@code bytes}, the rest zeroed. */
    public static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = Arrays.copyOf(bytes, bytes.length);
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xFF << (8 - keep));
        }
        return out;
    }

    public boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefix;
        }
    }
}
