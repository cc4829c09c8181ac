package chatjar.net;

/** A protocol served by a transport. Every call comes from the one protocol thread of that transport. */
public interface Protocol {
    /** A connection was accepted; returns its handler. */
    LinkHandler open(Link link);
}
