package chatjar.server;

import chatjar.irc.Message;
import chatjar.net.LinkHandler;
import chatjar.server.limits.ConnectionLimiter;
import chatjar.server.limits.FloodGate;
import chatjar.server.state.Client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** The protocol's handler for one link: checks line limits, decodes, parses, and hands over to the server. */
final class Session implements LinkHandler, FloodGate.Sink {
    private static final Logger log = LoggerFactory.getLogger(Session.class);
    private final ChatServer server;
    private final Client client;
    private final ConnectionLimiter.Admission admission;
    private final FloodGate flood;

    Session(ChatServer server, Client client, ConnectionLimiter.Admission admission) {
        this.server = server;
        this.client = client;
        this.admission = admission;
        Supplier<ServerConfig> config = server.configs();
        this.flood = new FloodGate(server.loop(), () -> config.get().limits(), this);
        client.input = flood;
    }

    @Override
    public void onLine(byte[] buf, int off, int len) {
        // Liveness counts on receipt, so a client whose lines wait in the flood backlog never pings out.
        client.lastActive = server.loop().nowMillis();
        client.pingSentAt = 0;
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
        if (client.plain) {
            server.plain().onLine(client, line);
            return;
        }
        Message m = Message.parse(line);
        if (m == null) return;
        if (!client.registered && server.plain().startsPlainMode(client, m, line)) return;
        // UTF8ONLY is advertised in the welcome, so only registered clients have been told; before that (and
        // for QUIT, which must always work) the replacement characters stand.
        if (malformed && client.registered && !m.command().equals("QUIT")) {
            server.refuseInvalidUtf8(client, m);
            return;
        }
        server.dispatch(client, m);
    }

    private static boolean validUtf8(byte[] buf, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(buf, off, len));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    @Override
    public boolean isOpen() {
        return client.link.isOpen();
    }

    @Override
    public void excessFlood() {
        log.info("dropping {} : Excess Flood", client);
        server.replies().closeWithError(client, "Excess Flood");
    }

    @Override
    public void failed(RuntimeException e) {
        log.error("closing {} after an error in its handling", client, e);
        server.replies().closeWithError(client, "Internal error");
    }

    @Override
    public void onLineTooLong() {
        server.replies().numeric(client, "417", "Input line was too long");
    }

    @Override
    public void onClose(String reason) {
        flood.close();
        server.disconnected(client, admission, reason);
    }
}
