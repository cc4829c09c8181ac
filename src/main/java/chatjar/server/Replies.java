package chatjar.server;

import chatjar.irc.Message;
import chatjar.server.caps.LabeledResponse;
import chatjar.server.caps.Outgoing;
import chatjar.server.caps.ServerTime;
import chatjar.state.Client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The one way bytes leave the server for a user: replies to a command, and each recipient's copy of what the
 * {@link chatjar.server.relay.Relay} fans out. A tagged message ({@link Outgoing}) is encoded once per capability
 * variant and the same array is queued to every recipient with that variant; plain-mode users get the line
 * rendered as text; a labeled command's replies are held and wrapped ({@link LabeledResponse}). Every send checks
 * the receiver's sendq, so a client that never reads is dropped instead of growing memory.
 */
public final class Replies {
    private static final Logger log = LoggerFactory.getLogger(Replies.class);
    private final String name;
    /** Read per delivery: a REHASH may change the sendq live. */
    private final Supplier<ServerConfig> config;
    private final ServerTime clock;
    private final LabeledResponse labeled = new LabeledResponse();

    public Replies(String serverName, Supplier<ServerConfig> config, ServerTime clock) {
        this.name = serverName;
        this.config = config;
        this.clock = clock;
    }

    public static byte[] encode(String line) {
        return (line + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one raw IRC line (without CRLF) to one client; nothing if it is not connected here. */
    public void send(Client c, String line) {
        LocalUser u = LocalUser.of(c);
        if (u != null) send(u, line);
    }

    public void send(LocalUser c, String line) {
        if (c.plain) {
            String text = PlainText.render(line, c);
            if (text != null) deliver(c, encode(text));
        } else if (c.caps == 0) {
            deliver(c, encode(line)); // no capabilities, no tags: the common case stays allocation-light
        } else {
            send(c, Outgoing.server(line, clock.now()));
        }
    }

    /** Sends a tagged message to one client, in the variant its capabilities ask for. */
    public void send(Client c, Outgoing o) {
        LocalUser u = LocalUser.of(c);
        if (u != null) send(u, o);
    }

    public void send(LocalUser c, Outgoing o) {
        if (!o.wantedBy(c.caps)) return;
        if (c.plain) {
            String text = PlainText.render(o.line, c);
            if (text != null) deliver(c, encode(text));
        } else if (labeled.holds(c)) {
            labeled.hold(o);
        } else {
            deliver(c, o.bytesFor(c.caps));
        }
    }

    /** Like {@link #send(LocalUser, Outgoing)} but never held for a label: a delivery, not a reply to the command. */
    public void sendUnlabeled(LocalUser c, Outgoing o) {
        if (!o.wantedBy(c.caps)) return;
        if (c.plain) send(c, o);
        else deliver(c, o.bytesFor(c.caps));
    }

    /**
     * The running command's label, taken over by a handler whose answer comes later (it then tags that answer
     * itself); null if the command carried none. Nothing held so far is lost: call it before replying.
     */
    public String takeLabel(LocalUser c) {
        return labeled.detach(c);
    }

    /**
     * Runs {@code answer} with the replies to {@code c} wrapped under {@code label} (taken earlier with
     * {@link #takeLabel}), as if the labeled command had only now finished; without a label it just runs.
     */
    public void answerLabeled(LocalUser c, String label, Runnable answer) {
        boolean wrapped = labeled.resume(c, label);
        try {
            answer.run();
        } finally {
            if (wrapped) labeled.end(name, clock.now(), this::deliver);
        }
    }

    /** One tagged message with extra server tags first ({@code batch=..}, {@code label=..}), never held. */
    public void send(LocalUser c, Outgoing o, String extraTags) {
        if (!o.wantedBy(c.caps)) return;
        if (c.plain) send(c, o);
        else deliver(c, extraTags == null ? o.bytesFor(c.caps) : o.bytesFor(c.caps, extraTags));
    }

    /** Wraps one command's replies for labeled-response; {@link #endCommand} must follow. */
    void beginCommand(LocalUser c, Message m) {
        labeled.begin(c, m);
    }

    void endCommand() {
        labeled.end(name, clock.now(), this::deliver);
    }

    private void deliver(LocalUser c, byte[] bytes) {
        if (!c.link.isOpen()) return;
        c.link.send(bytes);
        if (c.link.pendingBytes() > config.get().limits().sendqBytes()) dropSlowConsumer(c);
    }

    /** {@code ERROR :Closing Link: host (reason)} and close; the QUIT peers see carries the same reason. */
    public void closeWithError(Client c, String reason) {
        LocalUser u = LocalUser.of(c);
        if (u == null || !u.link.isOpen()) return;
        send(u, "ERROR :Closing Link: " + c.host + " (" + reason + ")");
        u.link.close(reason);
    }

    /** Past its sendq a client is dropped and its queued output released at once. */
    private void dropSlowConsumer(LocalUser c) {
        if (!c.link.isOpen()) return;
        log.warn("dropping {} : SendQ exceeded ({} bytes pending)", c, c.link.pendingBytes());
        c.link.discardPending();
        closeWithError(c.client, "SendQ exceeded");
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
}
