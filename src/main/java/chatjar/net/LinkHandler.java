package chatjar.net;

/** The protocol's side of one connection: receives framed lines and the close. */
public interface LinkHandler {
    /**
     * One line without its line ending. {@code buf} is only valid during the call (it is the transport's
     * shared read buffer): copy what must be kept.
     */
    void onLine(byte[] buf, int off, int len);

    /** A line longer than the framer's hard limit was discarded up to its end. */
    void onLineTooLong();

    /** Called exactly once, after the connection is closed for any reason (EOF, error, close()). */
    void onClose(String reason);
}
