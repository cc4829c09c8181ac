package chatjar.server.caps;

import chatjar.irc.Message;

import java.nio.charset.StandardCharsets;

/**
 * One message on its way out, with the tags it may carry. Recipients differ only in which capabilities they
 * enabled, so the wire bytes are built lazily once per VARIANT (server-time × message-tags × account-tag ×
 * extended-join) and shared: a channel of 1,000 clients using two capability sets costs two serialisations.
 * A relayed event ({@link chatjar.server.relay.RelayEvent}) is an Outgoing that also says what happened.
 */
public class Outgoing {
    private static final int TIME = 1, TAGS = 2, ACCOUNT = 4, EXT_JOIN = 8;

    /** The message without tags or CRLF; what plain-mode users and capability-less clients get. */
    public final String line;
    private final String time;
    private final String msgid;
    private final String account;
    private final boolean bot;
    /** Client-only tags from the sender, already escaped ({@code +a=b;+c}); relayed only to message-tags clients. */
    private final String clientTags;
    /** The extended-join form of a JOIN, or null. */
    private final String extendedLine;
    /** A capability bit the recipient must have, or 0: TAGMSG needs message-tags, AWAY needs away-notify. */
    private final long requires;
    private byte[][] variants;
    /** Serialisations made; tests check that fan-out stays at one per variant. */
    int builds;

    public Outgoing(String line, String time, String msgid, String account, boolean bot, String clientTags,
                    String extendedLine, long requires) {
        this.line = line;
        this.time = time;
        this.msgid = msgid;
        this.account = account;
        this.bot = bot;
        this.clientTags = clientTags == null || clientTags.isEmpty() ? null : clientTags;
        this.extendedLine = extendedLine;
        this.requires = requires;
    }

    /** A server-originated line (numerics, notices): only the time tag applies. */
    public static Outgoing server(String line, String time) {
        return new Outgoing(line, time, null, null, false, null, null, 0);
    }

    public boolean wantedBy(long caps) {
        return (caps & requires) == requires;
    }

    /** The capability bits every recipient must have (0: none). */
    public long requires() {
        return requires;
    }

    public String msgid() {
        return msgid;
    }

    /** The server-time tag value, or null. */
    public String time() {
        return time;
    }

    /** The sender's account (the account-tag), or null. */
    public String account() {
        return account;
    }

    /** Client-only tags as relayed ({@code +a=b;+c}, escaped), or null. */
    public String clientTags() {
        return clientTags;
    }

    /** The extended-join form of a JOIN, or null. */
    public String extendedLine() {
        return extendedLine;
    }

    /** Forgets the encodings once every local recipient has its reference; they are rebuilt if asked again. */
    protected void dropEncodings() {
        variants = null;
    }

    private int variant(long caps) {
        int v = 0;
        if (Cap.SERVER_TIME.in(caps) && time != null) v |= TIME;
        if (Cap.MESSAGE_TAGS.in(caps) && (msgid != null || bot || clientTags != null)) v |= TAGS;
        if (Cap.ACCOUNT_TAG.in(caps) && account != null) v |= ACCOUNT;
        if (Cap.EXTENDED_JOIN.in(caps) && extendedLine != null) v |= EXT_JOIN;
        return v;
    }

    /** The bytes for a recipient with these capabilities, built at most once per variant. */
    public byte[] bytesFor(long caps) {
        int v = variant(caps);
        if (variants == null) variants = new byte[16][];
        byte[] b = variants[v];
        if (b == null) b = variants[v] = build(v, null);
        return b;
    }

    /** Bytes with extra server tags first ({@code label=..}, {@code batch=..}); one recipient, so not cached. */
    public byte[] bytesFor(long caps, String extraTags) {
        return build(variant(caps), extraTags);
    }

    private byte[] build(int v, String extraTags) {
        builds++;
        StringBuilder sb = new StringBuilder(line.length() + 96);
        char sep = '@';
        if (extraTags != null) {
            sb.append(sep).append(extraTags);
            sep = ';';
        }
        if ((v & TIME) != 0) {
            sb.append(sep).append("time=").append(time);
            sep = ';';
        }
        if ((v & TAGS) != 0) {
            if (msgid != null) {
                sb.append(sep).append("msgid=").append(msgid);
                sep = ';';
            }
            if (bot) {
                sb.append(sep).append("bot");
                sep = ';';
            }
            if (clientTags != null) {
                sb.append(sep).append(clientTags);
                sep = ';';
            }
        }
        if ((v & ACCOUNT) != 0) {
            sb.append(sep).append("account=").append(Message.escapeTag(account));
            sep = ';';
        }
        if (sep == ';') sb.append(' ');
        sb.append((v & EXT_JOIN) != 0 ? extendedLine : line).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
