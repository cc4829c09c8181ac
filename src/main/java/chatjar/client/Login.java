package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One connection's capability negotiation and SASL login, before and just after registration:
 * {@code CAP LS 302}, {@code CAP REQ} of what the client uses and the server offers, then for {@code --account}
 * {@code AUTHENTICATE SCRAM-SHA-256} (PLAIN only when the server offers no SCRAM, and then with a warning if the
 * connection is not TLS), then {@code CAP END}. A server that knows no CAP just registers us; that ends it too.
 * Used under the {@link Session}'s lock; it only returns lines to show and lines to send.
 */
final class Login {
    enum State { NEGOTIATING, LOGGED_IN, FAILED, DONE }

    /** What the client reads when the server offers it; sasl only with an account. */
    static final List<String> WANTED = List.of("batch", "server-time", "message-tags", "draft/chathistory", "echo-message");
    static final String SCRAM = "SCRAM-SHA-256";
    static final String PLAIN = "PLAIN";
    private static final int CHUNK = 400;

    private final String account;
    private final char[] password;
    private final boolean secure;
    private final Map<String, String> offered = new HashMap<>();
    private final Set<String> enabled = new LinkedHashSet<>();
    private State state = State.NEGOTIATING;
    private boolean capEnded;
    private String mechanism;
    private ScramClient scram;
    private int scramStep;
    private final StringBuilder inbound = new StringBuilder();
    private String failure;

    /** {@code account} null: no login, only capabilities. */
    Login(String account, char[] password, boolean secure) {
        this.account = account;
        this.password = password;
        this.secure = secure;
    }

    State state() {
        return state;
    }

    /**
     * Why the login failed, as one line ("Login as ann failed: ..."), or null. The caller shows it: on a first
     * connection the launcher prints it and exits, after a reconnect the session says it goes on without.
     */
    String failure() {
        return failure;
    }

    boolean enabled(String cap) {
        return enabled.contains(cap);
    }

    /** Offered in CAP LS (draft/account-registration needs no request). */
    boolean offered(String cap) {
        return offered.containsKey(cap);
    }

    /** CAP, AUTHENTICATE and the SASL numerics; true if {@code m} was one of them. */
    boolean apply(Message m, List<Line> lines, List<Message> send) {
        switch (m.command()) {
            case "CAP" -> cap(m, lines, send);
            case "AUTHENTICATE" -> authenticate(m.param(0), lines, send);
            case "900" -> lines.add(Line.of(Kind.STATUS, null, "Logged in as " + m.param(2)
                    + (mechanism == null ? "" : " (" + mechanism + ")")));
            case "903" -> {
                state = State.LOGGED_IN;
                end(send);
            }
            case "904", "905", "906", "902" -> failed(m.command().equals("902") ? "the account is locked or its nick unavailable"
                    : m.command().equals("906") ? "aborted" : "wrong account name or password", lines, send);
            case "907" -> {
                state = State.LOGGED_IN;
                end(send);
            }
            case "908" -> mechanisms(m.param(1), lines, send);
            // A server from before IRCv3: it registers us without CAP; RPL_WELCOME settles the rest.
            case "421" -> {
                if (!"CAP".equalsIgnoreCase(m.param(1))) return false;
                capEnded = true;
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** RPL_WELCOME: a server that ignored CAP registered us; a login still pending can no longer happen. */
    void welcomed(List<Line> lines) {
        capEnded = true;
        if (state == State.NEGOTIATING) {
            if (account != null) failed("the server offers no SASL login", lines, null);
            else state = State.DONE;
        }
    }

    private void cap(Message m, List<Line> lines, List<Message> send) {
        String sub = String.valueOf(m.param(1)).toUpperCase(Locale.ROOT);
        String list = m.last() == null ? "" : m.last();
        switch (sub) {
            case "LS" -> {
                for (String token : list.split(" ")) {
                    if (token.isEmpty()) continue;
                    int eq = token.indexOf('=');
                    offered.put(eq < 0 ? token : token.substring(0, eq), eq < 0 ? "" : token.substring(eq + 1));
                }
                // "CAP * LS * :..." means more lines follow.
                if (m.paramCount() > 3 && "*".equals(m.param(2)) || capEnded) return;
                if (account != null && !offered.containsKey("sasl")) {
                    failed("the server offers no SASL login", lines, send); // a reconnect goes on without it
                    return;
                }
                StringBuilder req = new StringBuilder();
                for (String cap : WANTED) if (offered.containsKey(cap)) req.append(req.length() == 0 ? "" : " ").append(cap);
                if (account != null) req.append(req.length() == 0 ? "" : " ").append("sasl");
                if (req.length() == 0) end(send);
                else send.add(Message.of(null, "CAP", "REQ", req.toString()));
            }
            case "ACK" -> {
                for (String token : list.split(" ")) if (!token.isEmpty() && !token.startsWith("-")) enabled.add(token);
                if (account != null && enabled.contains("sasl") && state == State.NEGOTIATING) startSasl(lines, send);
                else end(send);
            }
            case "NAK" -> {
                if (account != null && state == State.NEGOTIATING) failed("the server refused the sasl capability", lines, null);
                end(send);
            }
            case "DEL" -> {
                for (String token : list.split(" ")) enabled.remove(token);
            }
            default -> { }
        }
    }

    private void startSasl(List<Line> lines, List<Message> send) {
        String mechs = offered.getOrDefault("sasl", "");
        // sasl without a value lists nothing: try SCRAM, and a 908 tells us what there is.
        boolean scramOffered = mechs.isEmpty() || List.of(mechs.toUpperCase(Locale.ROOT).split(",")).contains(SCRAM);
        if (scramOffered) {
            mechanism = SCRAM;
        } else if (List.of(mechs.toUpperCase(Locale.ROOT).split(",")).contains(PLAIN)) {
            usePlain(lines);
        } else {
            failed("the server offers neither " + SCRAM + " nor " + PLAIN + " (only " + mechs + ")", lines, send);
            return;
        }
        send.add(Message.of(null, "AUTHENTICATE", mechanism));
    }

    private void usePlain(List<Line> lines) {
        mechanism = PLAIN;
        lines.add(Line.of(Kind.STATUS, null, "The server offers no " + SCRAM + ": logging in with PLAIN"
                + (secure ? " (over TLS)" : ", which sends the password unencrypted (no TLS)")));
    }

    private void mechanisms(String list, List<Line> lines, List<Message> send) {
        if (state != State.NEGOTIATING || !SCRAM.equals(mechanism) || list == null) return;
        // The server does not know SCRAM after all; the 904 that follows would end the login, so switch now.
        if (List.of(list.toUpperCase(Locale.ROOT).split(",")).contains(PLAIN)) {
            usePlain(lines);
            scram = null;
            scramStep = -1; // the 904 for the SCRAM attempt is expected; the next AUTHENTICATE + is PLAIN's
            send.add(Message.of(null, "AUTHENTICATE", PLAIN));
        }
    }

    private void authenticate(String payload, List<Line> lines, List<Message> send) {
        if (state != State.NEGOTIATING || mechanism == null || payload == null) return;
        if (!payload.equals("+")) inbound.append(payload);
        if (payload.length() == CHUNK) return; // more follows
        String data;
        try {
            data = new String(Base64.getDecoder().decode(inbound.toString()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            abort("the server's SASL message is not base64", lines, send);
            return;
        } finally {
            inbound.setLength(0);
        }
        if (mechanism.equals(PLAIN)) {
            send(("\0" + account + "\0" + new String(password)).getBytes(StandardCharsets.UTF_8), send);
            return;
        }
        try {
            switch (scramStep) {
                case 0 -> {
                    scram = new ScramClient(account, password);
                    send(scram.clientFirst().getBytes(StandardCharsets.UTF_8), send);
                }
                case 1 -> send(scram.clientFinal(data).getBytes(StandardCharsets.UTF_8), send);
                case 2 -> {
                    scram.serverFinal(data);
                    send.add(Message.of(null, "AUTHENTICATE", "+"));
                }
                default -> { }
            }
            scramStep++;
        } catch (ScramClient.Refused r) {
            abort(r.getMessage(), lines, send);
        }
    }

    /** Splits base64 into the 400-byte chunks AUTHENTICATE carries; a final full chunk is followed by "+". */
    private static void send(byte[] raw, List<Message> send) {
        String b64 = Base64.getEncoder().encodeToString(raw);
        for (int i = 0; i < b64.length(); i += CHUNK) {
            send.add(Message.of(null, "AUTHENTICATE", b64.substring(i, Math.min(b64.length(), i + CHUNK))));
        }
        if (b64.isEmpty() || b64.length() % CHUNK == 0) send.add(Message.of(null, "AUTHENTICATE", "+"));
    }

    private void abort(String why, List<Line> lines, List<Message> send) {
        send.add(Message.of(null, "AUTHENTICATE", "*"));
        failed(why, lines, send);
    }

    private void failed(String why, List<Line> lines, List<Message> send) {
        if (scramStep < 0) { // the 904 answering the SCRAM attempt we replaced with PLAIN
            scramStep = 0;
            return;
        }
        if (state != State.NEGOTIATING) return;
        state = State.FAILED;
        failure = "Login as " + account + " failed: " + why;
        if (send != null) end(send);
    }

    private void end(List<Message> send) {
        if (state == State.NEGOTIATING && account == null) state = State.DONE;
        if (capEnded) return;
        capEnded = true;
        send.add(Message.of(null, "CAP", "END"));
    }
}
