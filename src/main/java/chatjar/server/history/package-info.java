/**
 * History in the server: {@link chatjar.server.history.HistoryRecorder} hands every relayed event worth keeping
 * to the {@link chatjar.store.HistoryStore} (O(1) on the loop), {@link chatjar.server.history.ChatHistoryHandlers}
 * answers {@code CHATHISTORY} with results that come back through the loop's task queue,
 * {@link chatjar.server.history.JoinReplay} replays a few lines on JOIN to clients that cannot ask, and
 * {@link chatjar.server.history.StorePressure} slows senders while the store's writer is behind.
 */
package chatjar.server.history;
