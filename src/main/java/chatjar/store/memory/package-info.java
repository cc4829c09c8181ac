/**
 * History in memory: a bounded ring of recent events per target, owned by the loop thread. Alone it is the
 * {@code --no-store} history; in front of SQLite it answers recent queries without a database read and holds
 * every event the writer has not committed yet.
 */
package chatjar.store.memory;
