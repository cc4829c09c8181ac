/**
 * The embedded default store: one SQLite file in WAL mode under the data directory. One writer thread commits
 * in groups (whatever arrived during the last commit), a small pool of readers answers queries, and a bounded
 * queue between the loop and the writer signals when the disk falls behind. The loop only enqueues and reads
 * memory; it never touches JDBC. See docs/store.md for the schema and the figures.
 */
package chatjar.store.sqlite;
