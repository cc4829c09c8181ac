package chatjar.store;

/**
 * A snapshot for {@code /stats} and for the server's flow control.
 *
 * @param queued       events waiting for the writer
 * @param capacity     the writer queue's bound
 * @param behind       true from when the queue passes its high-water mark until it drains below the low one:
 *                     the server should slow senders (fakelag) while it is set
 * @param persisted    events committed since start
 * @param notPersisted events that will never be committed: refused because the queue was full
 * @param writeErrors  failed commits (each retried; the batch is kept until it succeeds)
 * @param lastError    the latest write error's message, or null
 * @param memoryEvents events held in the in-memory rings
 * @param memoryBytes  their approximate size
 */
public record StoreStats(int queued, int capacity, boolean behind, long persisted, long notPersisted,
                         long writeErrors, String lastError, long memoryEvents, long memoryBytes) {}
