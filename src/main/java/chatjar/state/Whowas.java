package chatjar.state;

import java.util.ArrayList;
import java.util.List;

/**
 * Who recently had a nick: one ring of the last {@code capacity} departures (nick change or quit) for the whole
 * server, as Ergo keeps it. Memory is fixed however many people come and go; a lookup scans the ring newest first,
 * which is cheap at this size and keeps no index to maintain.
 */
public final class Whowas {
    /** One departure, as RPL_WHOWASUSER and RPL_WHOISSERVER show it. */
    public record Entry(String nick, String nickFolded, String user, String host, String realname, String server,
                        long whenMillis) {}

    private final Entry[] ring;
    private int next;
    private int size;

    public Whowas(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
        this.ring = new Entry[capacity];
    }

    public void add(Entry e) {
        ring[next] = e;
        next = (next + 1) % ring.length;
        if (size < ring.length) size++;
    }

    /**
     * Entries for {@code nickFolded}, newest first; at most {@code max} of them when {@code max > 0} (WHOWAS's count:
     * zero or negative means all, as the Modern IRC documents say).
     */
    public List<Entry> find(String nickFolded, int max) {
        List<Entry> out = new ArrayList<>(2);
        for (int i = 1; i <= size; i++) {
            Entry e = ring[Math.floorMod(next - i, ring.length)];
            if (e.nickFolded().equals(nickFolded)) {
                out.add(e);
                if (max > 0 && out.size() == max) break;
            }
        }
        return out;
    }

    public int size() { return size; }
}
