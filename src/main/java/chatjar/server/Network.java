package chatjar.server;

import chatjar.state.Client;

import java.util.function.Consumer;

/**
 * The one seam between this server and the other nodes of a network: what the handlers must ask or tell beyond
 * the relay. Alone ({@link #LOCAL}) every answer is immediate and nothing leaves the process; in a cluster
 * ({@code chatjar.cluster}) a nick is claimed network-wide and the answer comes back later through the loop.
 * Every method is called on the loop thread and must not block.
 */
public interface Network {
    /** True when this node is the whole network: nick checks need nothing beyond {@link chatjar.state.Users}. */
    boolean alone();

    /**
     * Claims {@code nick} for {@code c} on every node (the local registry has already said it is free here).
     * {@code answer} runs on the loop: true when the claim is {@code c}'s, false when another node's user holds it
     * (or the network cannot be asked).
     */
    void claimNick(Client c, String nick, Consumer<Boolean> answer);

    /** {@code c} has been welcomed here: the other nodes learn of it. */
    void registered(Client c);

    /** {@code c}'s connection is gone (after its QUIT was relayed): its nick and records are released. */
    void disconnected(Client c);

    /** Nodes in the network, this one included (LUSERS). */
    default int servers() { return 1; }

    /** Users of other nodes among the registered users {@link chatjar.state.Users} counts (LUSERS). */
    default int remoteUsers() { return 0; }

    /** The server name of the node {@code c} is on, or null when it is on this one (WHOIS). */
    default String serverOf(Client c) { return null; }

    /**
     * Asks the node a user of another node is on to close its connection (KILL): false when {@code target} is
     * local, and the caller acts itself. The QUIT comes back through the relay like any other.
     */
    default boolean kill(Client target, String reason) { return false; }

    /** Asks the node a user of another node is on to change its user@host (CHGHOST); false when it is local. */
    default boolean chghost(Client target, String user, String host) { return false; }

    /** A local user's modes changed after registration (+i, +B, operator status): the other nodes learn them. */
    default void modesChanged(Client c) { }

    /** A single server: every method is a no-op, every nick is free once {@code Users} says so. */
    Network LOCAL = new Network() {
        @Override public boolean alone() { return true; }
        @Override public void claimNick(Client c, String nick, Consumer<Boolean> answer) { answer.accept(true); }
        @Override public void registered(Client c) { }
        @Override public void disconnected(Client c) { }
    };
}
