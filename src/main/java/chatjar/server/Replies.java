package chatjar.server;

import chatjar.server.state.Channel;
import chatjar.server.state.Client;
import chatjar.server.state.Users;

import java.nio.charset.StandardCharsets;

/**
 * The one way out for everything the server says. Lines are encoded to bytes here; a channel broadcast is
 * encoded ONCE and the same array is queued to every member. Plain-mode users get the line rendered as text.
 * Every send checks the receiver's sendq, so a client that never reads is dropped instead of growing memory.
 */
public final class Replies {
    private final ChatServer server;
    private final String name;
    private final long sendq;

    Replies(ChatServer server) {
        this.server = server;
        this.name = server.config().name();
        this.sendq = server.config().limits().sendqBytes();
    }

    public static byte[] encode(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one raw IRC line (without CRLF) to one client. */
    public void send(Client c, String line) {
        if (c.plain) {
            String text = PlainText.render(line, c);
            if (text != null) deliver(c, encode(text));
        } else {
            deliver(c, encode(line));
        }
    }

    /** Sends pre-encoded bytes of {@code line} to one client; {@code line} is only read for plain mode. */
    private void sendEncoded(Client c, String line, byte[] bytes) {
        if (c.plain) send(c, line);
        else deliver(c, bytes);
    }

    private void deliver(Client c, byte[] bytes) {
        if (!c.link.isOpen()) return;
        c.link.send(bytes);
        if (c.link.pendingBytes() > sendq) server.dropSlowConsumer(c);
    }

    /** {@code :server CODE target params...}, the last parameter made trailing as needed. */
    public void numeric(Client c, String code, String... params) {
        StringBuilder sb = new StringBuilder(80).append(':').append(name).append(' ').append(code)
                .append(' ').append(c.target());
        for (int i = 0; i < params.length; i++) {
            sb.append(' ');
            String p = params[i];
            if (i == params.length - 1 && chatjar.irc.Message.needsTrailing(p)) sb.append(':');
            sb.append(p);
        }
        send(c, sb.toString());
    }

    /** A NOTICE from the server itself. */
    public void serverNotice(Client c, String text) {
        send(c, ":" + name + " NOTICE " + c.target() + " :" + text);
    }

    /** To every member of the channel except {@code except} (null: everyone), encoded once. */
    public void toChannel(Channel ch, String line, Client except) {
        byte[] bytes = encode(line);
        for (Client m : ch.members()) {
            if (m != except) sendEncoded(m, line, bytes);
        }
    }

    /**
     * To everyone who shares a channel with {@code c}, each once however many channels they share, and to
     * {@code c} itself when {@code self}. Used for NICK and QUIT.
     */
    public void toPeers(Client c, String line, boolean self, Users users) {
        byte[] bytes = encode(line);
        int mark = users.nextVisitMark();
        c.visitMark = mark;
        if (self) sendEncoded(c, line, bytes);
        for (Channel ch : c.channels()) {
            for (Client m : ch.members()) {
                if (m.visitMark == mark) continue;
                m.visitMark = mark;
                sendEncoded(m, line, bytes);
            }
        }
    }
}
