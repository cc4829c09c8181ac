package chatjar.store.memory;

import chatjar.store.StoredEvent;

/** A growable circular array of one target's events in seq order; loop-owned, not thread-safe. */
final class Ring {
    private StoredEvent[] items = new StoredEvent[8];
    private int head;
    private int size;
    /** Every event of this target with a seq above this is held here (older ones were evicted or predate it). */
    long coverFrom;
    long bytes;

    Ring(long coverFrom) {
        this.coverFrom = coverFrom;
    }

    int size() {
        return size;
    }

    StoredEvent get(int i) {
        return items[(head + i) & (items.length - 1)];
    }

    StoredEvent first() {
        return size == 0 ? null : items[head];
    }

    StoredEvent last() {
        return size == 0 ? null : get(size - 1);
    }

    /**
     * Appends; an event older than the newest (possible once several nodes relay into one target) is put in
     * its place, and one with a seq already held is ignored. Returns false if it was a duplicate.
     */
    boolean add(StoredEvent e) {
        int at = size;
        if (size > 0 && get(size - 1).seq() >= e.seq()) {
            at = firstAbove(e.seq());
            if (at > 0 && get(at - 1).seq() == e.seq()) return false;
        }
        if (size == items.length) grow();
        for (int i = size; i > at; i--) items[(head + i) & (items.length - 1)] = get(i - 1);
        items[(head + at) & (items.length - 1)] = e;
        size++;
        bytes += e.approxBytes();
        return true;
    }

    StoredEvent removeFirst() {
        StoredEvent e = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        bytes -= e.approxBytes();
        coverFrom = Math.max(coverFrom, e.seq());
        if (size < items.length / 4 && items.length > 8) shrink();
        return e;
    }

    /** The index of the first event with a seq greater than {@code seq} (size if none). */
    int firstAbove(long seq) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid).seq() <= seq) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private void grow() {
        resize(items.length * 2);
    }

    private void shrink() {
        resize(items.length / 2);
    }

    private void resize(int capacity) {
        StoredEvent[] next = new StoredEvent[capacity];
        for (int i = 0; i < size; i++) next[i] = get(i);
        items = next;
        head = 0;
    }
}
