package chatjar.server;

import chatjar.irc.Message;
import chatjar.net.LinkHandler;
import chatjar.server.state.Client;

import java.nio.charset.StandardCharsets;

/** The protocol's handler for one link: checks line limits, decodes, parses, and hands over to the server. */
final class Session implements LinkHandler {
    private final ChatServer server;
    private final Client client;

    Session(ChatServer server, Client client) {
        this.server = server;
        this.client = client;
    }

    @Override
    public void onLine(byte[] buf, int off, int len) {
        client.lastActive = server.now();
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
        // Invalid UTF-8 becomes U+FFFD here; nothing downstream ever sees malformed bytes.
        String line = new String(buf, off, len, StandardCharsets.UTF_8);
        if (line.indexOf('\0') >= 0) line = line.replace('\0', ' ');
        if (client.plain) {
            server.plain().onLine(client, line);
            return;
        }
        Message m = Message.parse(line);
        if (m == null) return;
        if (!client.registered && server.plain().startsPlainMode(client, m, line)) return;
        server.dispatch(client, m);
    }

    @Override
    public void onLineTooLong() {
        server.replies().numeric(client, "417", "Input line was too long");
    }

    @Override
    public void onClose(String reason) {
        server.disconnected(client, reason);
    }
}
