package chatjar.net;

/**
 * What the protocol layer sees of one connection, whatever the transport: a way to queue bytes and to ask for
 * a close. Calls are only made from the transport's protocol thread (the reactor thread for the reactor).
 */
public interface Link {
    /** Stable id for logs. */
    long id();

    /** The peer's IP address as text (no DNS lookup is ever made on the loop). */
    String remoteAddress();

    /**
     * Queues bytes for sending. The array is NOT copied: callers may pass the same array to many links (one
     * serialisation per broadcast) and must never modify it afterwards.
     */
    void send(byte[] bytes);

    /** Bytes queued but not yet accepted by the kernel; the sendq limit is checked against this. */
    long pendingBytes();

    /** Drops everything queued and not yet written, releasing it at once (a client past its sendq). */
    void discardPending();

    /** Flushes what is queued (best effort) and closes. {@link LinkHandler#onClose} follows with this reason. */
    void close(String reason);

    boolean isOpen();

    /** True when the transport encrypts (TLS); shown in WHOIS. */
    default boolean isSecure() { return false; }

    /** SHA-256 of the TLS client certificate the peer presented, lowercase hex; null without one (SASL EXTERNAL). */
    default String peerCertificateFingerprint() { return null; }
}
