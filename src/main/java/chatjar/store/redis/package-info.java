/**
 * The store on Redis, shared by every node of a cluster ({@code --cluster}, docs/cluster.md): history as one
 * Stream per target whose entry ids are the events' seqs (so every node reads one total order), accounts as
 * hashes, and the node numbers that keep msgids unique across nodes. Redis is only asked asynchronously through
 * Lettuce; answers run on the caller's executor (the loop's task queue), never on the loop's stack. It lives under
 * {@code store} rather than {@code cluster.redis} because it implements the store seam and knows nothing of
 * relaying: a single server could use it too, and the cluster's pub/sub code does not depend on it.
 */
package chatjar.store.redis;
