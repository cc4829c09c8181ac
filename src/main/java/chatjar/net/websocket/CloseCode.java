package chatjar.net.websocket;

/** The close status codes this server sends or checks (RFC 6455 §7.4). */
public final class CloseCode {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    /** Received in a close frame with no payload; never sent (RFC 6455 §7.4.1). */
    public static final int NO_STATUS = 1005;
    public static final int INVALID_DATA = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int INTERNAL_ERROR = 1011;

    private CloseCode() {}

    /**
     * Codes a peer may put in a close frame: the defined and IANA-registered ones (1004-1006 and 1015 are
     * reserved, never on the wire) and the 3000-4999 ranges for libraries and applications.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
