package chatjar.store.sqlite;

import chatjar.store.EventKind;
import chatjar.store.StoredEvent;

/**
 * An event's fields in one text column: {@code kind LF sender LF account LF tags LF params}, a missing field
 * written as a single NUL. IRC lines cannot carry LF, CR or NUL, so the separators never occur inside a field
 * (any that would are replaced by a space rather than corrupt the record). One column instead of five makes
 * each insert a third of the JNI calls; nothing ever queries by these fields.
 */
final class EventBody {
    private static final char SEP = '\n';
    private static final String NULL = "\0";
    /** {@code code LF} of each kind, by ordinal: no number formatting per event. */
    private static final String[] CODES = new String[EventKind.values().length];

    static {
        for (EventKind k : EventKind.values()) CODES[k.ordinal()] = k.code + String.valueOf(SEP);
    }

    private EventBody() {}

    static String encode(StoredEvent e) {
        StringBuilder b = new StringBuilder(16 + e.sender().length() + len(e.account()) + len(e.tags()) + len(e.params()));
        b.append(CODES[e.kind().ordinal()]);
        field(b, e.sender()).append(SEP);
        field(b, e.account()).append(SEP);
        field(b, e.tags()).append(SEP);
        field(b, e.params());
        return b.toString();
    }

    static StoredEvent decode(String target, String display, long seq, String body) {
        String[] f = new String[5];
        int start = 0;
        for (int i = 0; i < 4; i++) {
            int end = body.indexOf(SEP, start);
            if (end < 0) throw new IllegalArgumentException("malformed event body at seq " + seq);
            f[i] = body.substring(start, end);
            start = end + 1;
        }
        f[4] = body.substring(start);
        return new StoredEvent(target, display, seq, EventKind.ofCode(Integer.parseInt(f[0])), f[1], orNull(f[2]),
                orNull(f[3]), orNull(f[4]));
    }

    private static StringBuilder field(StringBuilder b, String s) {
        if (s == null) return b.append(NULL);
        // indexOf is vectorised; a field that needs cleaning is a line the relay should never have sent.
        if (s.indexOf(SEP) < 0 && s.indexOf('\r') < 0 && s.indexOf('\0') < 0) return b.append(s);
        int from = b.length();
        b.append(s);
        for (int i = from; i < b.length(); i++) {
            char c = b.charAt(i);
            if (c == SEP || c == '\r' || c == '\0') b.setCharAt(i, ' ');
        }
        return b;
    }

    private static String orNull(String s) {
        return s.equals(NULL) ? null : s;
    }

    private static int len(String s) {
        return s == null ? 1 : s.length();
    }
}
