package chatjar.store;

/**
 * Message ids and the order of history, in one 63-bit number, the <em>seq</em>:
 * <pre>
 *   0 | 42 bits: ms since 2020-01-01 UTC | 6 bits: node | 15 bits: counter within the ms
 * </pre>
 * The msgid is the seq in 13 lowercase Crockford base32 digits, so ids are short, unique across nodes
 * (distinct node numbers) and across restarts (time moves on; the generator starts above the store's last
 * seq in case the clock went back), and sort as strings in the same order as the numbers. The server time
 * of an event is read from its seq, so ordering by seq orders by time too, and equal milliseconds are broken
 * by node, then counter: a total order per target that survives restarts and needs no per-target counter.
 * 42 bits of milliseconds last until 2159; 32,768 ids per millisecond per node (past that the generator
 * borrows the next millisecond, so server time may run a few ms ahead under absurd bursts).
 * <p>
 * Because a msgid decodes to a position, CHATHISTORY's {@code msgid=} and {@code timestamp=} references
 * both become bounds on seq, and a msgid lookup never needs an index of its own.
 */
public final class MsgIds {
    /** 2020-01-01T00:00:00Z. */
    public static final long EPOCH_MILLIS = 1_577_836_800_000L;
    public static final int NODE_BITS = 6;
    public static final int COUNTER_BITS = 15;
    public static final int MAX_NODE = (1 << NODE_BITS) - 1;
    private static final int MAX_COUNTER = (1 << COUNTER_BITS) - 1;
    private static final int TIME_SHIFT = NODE_BITS + COUNTER_BITS;
    private static final long MAX_MS = (1L << 42) - 1;
    public static final int LENGTH = 13;
    private static final char[] DIGITS = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = (byte) i;
            VALUES[Character.toUpperCase(DIGITS[i])] = (byte) i;
        }
    }

    private final int node;
    private long lastMs;
    private int counter;

    /**
     * A generator for one node; every seq it returns is greater than {@code floorSeq} (pass the store's
     * {@link HistoryStore#lastSeq()}). Not thread-safe: the loop owns it.
     */
    public MsgIds(int node, long floorSeq) {
        if (node < 0 || node > MAX_NODE) throw new IllegalArgumentException("node must be 0-" + MAX_NODE);
        this.node = node;
        this.lastMs = floorSeq >>> TIME_SHIFT;
        this.counter = (int) (floorSeq & MAX_COUNTER);
    }

    /** The next seq at wall-clock time {@code nowMillis} (System.currentTimeMillis, not the monotonic clock). */
    public long next(long nowMillis) {
        long ms = Math.max(0, nowMillis - EPOCH_MILLIS);
        if (ms > lastMs) {
            lastMs = ms;
            counter = 0;
        } else if (++counter > MAX_COUNTER) { // same ms (or the clock went back): count on, borrow a ms if full
            lastMs++;
            counter = 0;
        }
        if (lastMs > MAX_MS) throw new IllegalStateException("msgid clock exhausted");
        return (lastMs << TIME_SHIFT) | ((long) node << COUNTER_BITS) | counter;
    }

    /** The server time (epoch ms) of the event with this seq. */
    public static long timeMillis(long seq) {
        return (seq >>> TIME_SHIFT) + EPOCH_MILLIS;
    }

    /** The smallest seq at epoch ms {@code millis}: every event at or after that time has a seq at least this. */
    public static long firstSeqAt(long millis) {
        long ms = Math.min(MAX_MS, Math.max(0, millis - EPOCH_MILLIS));
        return ms << TIME_SHIFT;
    }

    public static String format(long seq) {
        char[] out = new char[LENGTH];
        for (int i = LENGTH - 1; i >= 0; i--) {
            out[i] = DIGITS[(int) (seq & 31)];
            seq >>>= 5;
        }
        return new String(out);
    }

    /** The seq of a msgid this server made, or -1 when {@code msgid} is not one (any case accepted). */
    public static long parse(String msgid) {
        if (msgid == null || msgid.length() != LENGTH) return -1;
        // 13 digits hold 65 bits: the first digit carries only the top 3 bits of a 63-bit seq.
        char first = msgid.charAt(0);
        if (first >= 128 || VALUES[first] < 0 || VALUES[first] >= 8) return -1;
        long seq = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = msgid.charAt(i);
            int v = c < 128 ? VALUES[c] : -1;
            if (v < 0) return -1;
            seq = (seq << 5) | v;
        }
        return seq;
    }
}
