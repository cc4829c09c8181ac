package chatjar.server;

import chatjar.irc.Message;
import chatjar.net.Link;
import chatjar.net.LinkHandler;
import chatjar.server.limits.ConnectionLimiter;
import chatjar.server.limits.FloodGate;
import chatjar.state.Channel;
import chatjar.state.Client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static chatjar.irc.Numerics.*;

/**
 * A user connected to this node: the connection's side of a {@link Client}. It is the link's handler (checks
 * line limits, decodes, parses and hands over to the server), and holds what only a connection has: the link,
 * flood control, negotiated capabilities and the scratch state of registration. One object per connection, as
 * the session before it was, so splitting identity from transport costs no memory.
 */
public final class LocalUser implements LinkHandler, FloodGate.Sink, Client.Local {
    private static final Logger log = LoggerFactory.getLogger(LocalUser.class);

    public final Client client;
    public final Link link;
    /** Flood control; commands answered off the loop hold it until their answer is in. */
    public final FloodGate flood;
    private final ChatServer server;
    private final ConnectionLimiter.Admission admission;
    public final long connectedAt;

    /** Enabled IRCv3 capabilities, one bit per {@link chatjar.server.caps.Cap}; a long, not a Set, per idle client. */
    public long caps;
    /** Negotiated with {@code CAP LS 302}: values shown, cap-notify implied. */
    public boolean cap302;
    public boolean capNegotiating;
    public String passwordGiven;
    /** SASL exchange in progress, or null; {@link #saslVerifying} while a password or the store is asked. */
    public chatjar.server.caps.SaslExchange sasl;
    /** An account check (SASL, REGISTER) is running off the loop: registration and further attempts wait. */
    public boolean saslVerifying;
    /** Casefolded nicks this user MONITORs, or null; at most chatjar.server.caps.Monitor.LIMIT. */
    public List<String> monitored;
    /** Plain-text mode: a nc/telnet user who never spoke IRC; output is rendered as readable lines. */
    public boolean plain;
    /** Sent a registration command (CAP, PASS, NICK, USER, REGISTER), so never plain mode, even if it was refused. */
    boolean spokeIrc;
    /** Lines in a row refused by plain mode as not text; a few close the connection. */
    int junkLines;
    /** The channel a plain-mode user is talking in; see {@link #current()}. */
    private Channel current;

    public long lastActive;
    public long pingSentAt;
    /** Loop time before which OPER is refused: set while a check runs and after a failure (throttling guesses). */
    public long operRetryAt;

    LocalUser(ChatServer server, Client client, Link link, ConnectionLimiter.Admission admission, long now) {
        this.server = server;
        this.client = client;
        this.link = link;
        this.admission = admission;
        this.connectedAt = now;
        this.lastActive = now;
        this.flood = new FloodGate(server.loop(), server.limits(), this);
        client.local = this;
    }

    /** The local side of {@code c}, or null for a user on another node. */
    public static LocalUser of(Client c) {
        return (LocalUser) c.local;
    }

    @Override
    public String address() {
        return link.remoteAddress();
    }

    @Override
    public boolean secure() {
        return link.isSecure();
    }

    /** SHA-256 of the TLS client certificate (lowercase hex), or null: SASL EXTERNAL and NickServ CERT ADD. */
    public String certificateFingerprint() {
        return link.peerCertificateFingerprint();
    }

    /** The plain-mode channel, forgotten once the user is no longer in it (parted, kicked). */
    public Channel current() {
        if (current != null && !current.has(client)) current = null;
        return current;
    }

    public void setCurrent(Channel ch) {
        current = ch;
    }

    @Override
    public void onLine(byte[] buf, int off, int len) {
        // Liveness counts on receipt, so a client whose lines wait in the flood backlog never pings out.
        lastActive = server.loop().nowMillis();
        pingSentAt = 0;
        // The 512-byte limit covers the message without tags (and includes CRLF); tags have their own 8191.
        int tagBytes = 0;
        if (buf[off] == '@') {
            int sp = off;
            while (sp < off + len && buf[sp] != ' ') sp++;
            tagBytes = sp - off + 1;
        }
        if (len - tagBytes > ServerConfig.MAX_LINE - 2 || tagBytes > ServerConfig.MAX_TAGS + 1) {
            onLineTooLong();
            return;
        }
        // Registration is never metered, so flood control cannot push a slow starter into its timeout.
        if (client.registered || flood.held()) flood.offer(buf, off, len);
        else process(buf, off, len);
    }

    @Override
    public void process(byte[] buf, int off, int len) {
        // Invalid UTF-8 becomes U+FFFD here; nothing downstream ever sees malformed bytes. A U+FFFD in the result
        // is the cheap hint that the bytes may have been malformed; only then are they checked strictly.
        String line = new String(buf, off, len, StandardCharsets.UTF_8);
        boolean malformed = line.indexOf('\uFFFD') >= 0 && !validUtf8(buf, off, len);
        if (line.indexOf('\0') >= 0) line = line.replace('\0', ' ');
        if (plain) {
            server.plain().onLine(this, line);
            return;
        }
        Message m = Message.parse(line);
        if (!client.registered && server.plain().startsPlainMode(this, m, line)) return;
        if (m == null) return;
        // UTF8ONLY is advertised in the welcome, so only registered clients have been told; before that (and
        // for QUIT, which must always work) the replacement characters stand.
        if (malformed && client.registered && !m.command().equals("QUIT")) {
            server.refuseInvalidUtf8(this, m);
            return;
        }
        server.dispatch(this, m);
    }

    private static boolean validUtf8(byte[] buf, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(buf, off, len));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** PING, PONG and join-time queries from an IRC client; a plain-text user's lines are all chat. */
    @Override
    public boolean cheap(byte[] buf, int off, int len) {
        return !plain && chatjar.server.limits.CheapLines.is(buf, off, len);
    }

    @Override
    public boolean isOpen() {
        return link.isOpen();
    }

    @Override
    public void excessFlood() {
        log.info("dropping {} : Excess Flood", this);
        server.replies().closeWithError(client, "Excess Flood");
    }

    @Override
    public void failed(RuntimeException e) {
        log.error("closing {} after an error in its handling", this, e);
        server.replies().closeWithError(client, "Internal error");
    }

    @Override
    public void onLineTooLong() {
        server.replies().numeric(client, ERR_INPUTTOOLONG, "Input line was too long");
    }

    @Override
    public void onClose(String reason) {
        flood.close();
        server.disconnected(this, admission, reason);
    }

    @Override
    public String toString() {
        return client + "#" + link.id();
    }
}
