package chatjar.store;

/**
 * What a stored event was. Messages are what CHATHISTORY replays to everyone; the rest only to clients that
 * negotiated {@code draft/event-playback}. The code is what the database stores: never renumber.
 */
public enum EventKind {
    PRIVMSG(1), NOTICE(2), TAGMSG(3), JOIN(4), PART(5), QUIT(6), KICK(7), NICK(8), TOPIC(9), MODE(10);

    public final int code;

    EventKind(int code) {
        this.code = code;
    }

    public boolean isMessage() {
        return this == PRIVMSG || this == NOTICE || this == TAGMSG;
    }

    private static final EventKind[] BY_CODE = new EventKind[11];

    static {
        for (EventKind k : values()) BY_CODE[k.code] = k;
    }

    public static EventKind ofCode(int code) {
        if (code <= 0 || code >= BY_CODE.length || BY_CODE[code] == null) {
            throw new IllegalArgumentException("unknown event kind " + code);
        }
        return BY_CODE[code];
    }
}
