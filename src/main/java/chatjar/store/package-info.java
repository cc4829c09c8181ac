/**
 * The storage seam: {@link chatjar.store.HistoryStore} (relayed events, CHATHISTORY queries, retention) and
 * {@link chatjar.store.AccountStore} (accounts with SCRAM-SHA-256 keys, certificate fingerprints, nick
 * ownership). Every call is asynchronous: the caller passes a callback and an {@link java.util.concurrent.Executor}
 * (the loop's {@code Scheduler::execute}) on which the answer arrives, so the reactor never touches JDBC.
 * Implementations: {@code store.memory} (bounded rings, {@code --no-store}, and the cache in front of SQLite),
 * {@code store.sqlite} (the embedded default), {@code store.redis} (shared by the nodes of a cluster).
 */
package chatjar.store;
