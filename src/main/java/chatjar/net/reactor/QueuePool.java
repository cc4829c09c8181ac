package chatjar.net.reactor;

import java.util.ArrayDeque;

/**
 * Emptied output queues kept for reuse, so a busy connection does not allocate one per flush. Loop thread only.
 * Only small queues come back: one grown by a slow reader would pin its big array in the pool.
 */
final class QueuePool {
    private static final int MAX_POOLED = 1024;
    private static final int MAX_PEAK_CHUNKS = 32;
    private final ArrayDeque<ArrayDeque<byte[]>> pool = new ArrayDeque<>();

    ArrayDeque<byte[]> take() {
        ArrayDeque<byte[]> q = pool.pollFirst();
        return q != null ? q : new ArrayDeque<>(8);
    }

    void recycle(ArrayDeque<byte[]> q, int peakChunks) {
        q.clear();
        if (peakChunks <= MAX_PEAK_CHUNKS && pool.size() < MAX_POOLED) pool.addFirst(q);
    }
}
