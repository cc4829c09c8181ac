package chatjar.server.caps;

/**
 * The IRCv3 capabilities this server offers. A client's enabled set is one {@code long} on the Client (bit =
 * ordinal), because a Set per idle connection would cost more than the connection's useful state.
 */
public enum Cap {
    ACCOUNT_NOTIFY("account-notify"),
    ACCOUNT_TAG("account-tag"),
    AWAY_NOTIFY("away-notify"),
    BATCH("batch"),
    CAP_NOTIFY("cap-notify"),
    CHGHOST("chghost"),
    DRAFT_CHATHISTORY("draft/chathistory"),
    DRAFT_EVENT_PLAYBACK("draft/event-playback"),
    /** REGISTER and VERIFY; offered only with an account store. Never needs requesting (the spec says so). */
    ACCOUNT_REGISTRATION("draft/account-registration"),
    ECHO_MESSAGE("echo-message"),
    EXTENDED_JOIN("extended-join"),
    EXTENDED_MONITOR("extended-monitor"),
    INVITE_NOTIFY("invite-notify"),
    LABELED_RESPONSE("labeled-response"),
    MESSAGE_TAGS("message-tags"),
    MULTI_PREFIX("multi-prefix"),
    SASL("sasl"),
    SERVER_TIME("server-time"),
    SETNAME("setname"),
    STANDARD_REPLIES("standard-replies"),
    USERHOST_IN_NAMES("userhost-in-names");

    public final String token;
    public final long bit;

    Cap(String token) {
        this.token = token;
        this.bit = 1L << ordinal();
    }

    public boolean in(long caps) {
        return (caps & bit) != 0;
    }

    /** The capability named {@code token} (case-sensitive, as the spec says), or null. */
    public static Cap byToken(String token) {
        for (Cap c : values()) if (c.token.equals(token)) return c;
        return null;
    }
}
