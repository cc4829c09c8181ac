package chatjar.server.relay;

/**
 * Sees every relayed event once, on the loop thread, right after its local delivery: the seam for history (store
 * it) and the cluster (forward it). It must not block: hand slow work to a worker. The event's {@link
 * RelayEvent#source()} is live state; copy what is kept beyond the call.
 */
@FunctionalInterface
public interface RelayListener {
    void relayed(RelayEvent event);
}
