package chatjar.server.handlers;

import chatjar.cli.VersionProvider;
import chatjar.irc.Message;
import chatjar.server.ChatServer;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.caps.ClientTagDeny;
import chatjar.server.state.Client;
import chatjar.server.state.Users;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Connection registration and keep-alive (CAP lives in chatjar.server.caps): PASS, NICK, USER, PING, PONG, QUIT; the welcome burst. */
public final class RegistrationHandlers {
    private final ChatServer server;
    private final Replies out;
    private final Users users;
    private final ServerConfig.Limits limits;
    private final List<String> isupport;

    public RegistrationHandlers(ChatServer server) {
        this.server = server;
        this.out = server.replies();
        this.users = server.users();
        this.limits = server.config().limits();
        this.isupport = isupportLines();
    }

    public void register(Commands t) {
        t.add("PASS", 1, true, this::pass);
        t.add("NICK", 0, true, this::nick);
        t.add("USER", 4, true, this::user);
        t.add("PING", 1, true, this::ping);
        t.add("PONG", 0, true, (c, m) -> { });
        t.add("QUIT", 0, true, this::quit);
    }

    // PASS <password>
    private void pass(Client c, Message m) {
        if (c.registered) {
            out.numeric(c, "462", "You may not reregister");
            return;
        }
        c.passwordGiven = m.param(0);
    }

    // NICK <nickname>
    private void nick(Client c, Message m) {
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            out.numeric(c, "431", "No nickname given");
            return;
        }
        String nick = m.param(0);
        if (!validNick(nick)) {
            out.numeric(c, "432", nick, "Erroneous nickname");
            return;
        }
        changeNick(c, nick);
    }

    /** Validates uniqueness, claims the nick and relays the change; shared with plain mode's /nick. */
    public void changeNick(Client c, String nick) {
        if (nick.equals(c.nick)) return;
        if (users.isTaken(nick, c)) {
            out.numeric(c, "433", nick, "Nickname is already in use");
            return;
        }
        if (!c.registered) {
            users.rename(c, nick);
            tryRegister(c);
            return;
        }
        String line = ":" + c.prefix() + " NICK :" + nick;
        String old = c.nick;
        users.rename(c, nick);
        out.toPeers(c, line, true, users);
        server.monitor().offline(old);
        server.monitor().online(c);
    }

    public boolean validNick(String nick) {
        if (nick.length() > limits.nickLen()) return false;
        char first = nick.charAt(0);
        if (!(Character.isLetter(first) && first < 128) && "[]\\`_^{|}".indexOf(first) < 0) return false;
        for (int i = 1; i < nick.length(); i++) {
            char ch = nick.charAt(i);
            if (ch >= 128 || !(Character.isLetterOrDigit(ch) || "[]\\`_^{|}-".indexOf(ch) >= 0)) return false;
        }
        return true;
    }

    // USER <username> <mode> <unused> :<realname>
    private void user(Client c, Message m) {
        if (c.registered) {
            out.numeric(c, "462", "You may not reregister");
            return;
        }
        String u = m.param(0);
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < u.length() && clean.length() < 10; i++) {
            char ch = u.charAt(i);
            if (ch > ' ' && ch != '@' && ch != '!' && ch < 127) clean.append(ch);
        }
        c.user = ("~" + (clean.length() == 0 ? "user" : clean)).intern();
        String real = m.param(3);
        c.realname = (real.length() > 100 ? real.substring(0, 100) : real).intern();
        tryRegister(c);
    }

    // PING <token>
    private void ping(Client c, Message m) {
        out.send(c, ":" + server.name() + " PONG " + server.name() + " :" + m.param(0));
    }

    // QUIT [<reason>]
    private void quit(Client c, Message m) {
        String reason = m.paramCount() > 0 ? "Quit: " + m.param(0) : "Client Quit";
        if (reason.length() > 300) reason = reason.substring(0, 300);
        out.send(c, "ERROR :Closing Link: " + c.host + " (" + reason + ")");
        c.link.close(reason);
    }

    /** Completes registration once NICK and USER are in and CAP negotiation (if any) has ended. */
    public void tryRegister(Client c) {
        // A SASL check still running on the worker holds registration too: the welcome must carry the login.
        if (c.registered || c.nick == null || c.user == null || c.capNegotiating || c.saslVerifying) return;
        String expected = server.config().password();
        if (expected != null && (c.passwordGiven == null || !MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), c.passwordGiven.getBytes(StandardCharsets.UTF_8)))) {
            out.numeric(c, "464", "Password incorrect");
            server.closeWithError(c, "Bad password");
            return;
        }
        c.passwordGiven = null;
        users.markRegistered(c);
        c.signonSeconds = System.currentTimeMillis() / 1000;
        welcome(c);
        server.monitor().online(c);
    }

    private void welcome(Client c) {
        String version = "chat.jar-" + VersionProvider.version();
        out.numeric(c, "001", "Welcome to the " + server.config().network() + " IRC Network, " + c.prefix());
        out.numeric(c, "002", "Your host is " + server.name() + ", running version " + version);
        out.numeric(c, "003", "This server was created " + server.createdText());
        out.numeric(c, "004", server.name(), version, "Bio", "biklmnostv", "bklov");
        for (String line : isupport) out.send(c, ":" + server.name() + " 005 " + c.nick + " " + line);
        lusers(c);
        motd(c);
    }

    private List<String> isupportLines() {
        ServerConfig cfg = server.config();
        String[] tokens = {
                "AWAYLEN=" + limits.awayLen(), "CASEMAPPING=rfc1459", "CHANLIMIT=#:" + limits.channelsPerUser(),
                "CHANMODES=b,k,l,imnst", "CHANNELLEN=" + limits.channelLen(), "CHANTYPES=#",
                "KICKLEN=" + limits.kickLen(), "MAXLIST=b:" + limits.maxBans(), "MAXTARGETS=" + limits.maxTargets(),
                "MODES=4", "NETWORK=" + cfg.network(), "NICKLEN=" + limits.nickLen(), "PREFIX=(ov)@+",
                "STATUSMSG=@+", "TARGMAX=PRIVMSG:" + limits.maxTargets() + ",NOTICE:" + limits.maxTargets()
                        + ",JOIN:,PART:,KICK:1,WHOIS:1,NAMES:1,LIST:1,ISON:,USERHOST:5",
                "TOPICLEN=" + limits.topicLen(), "USERLEN=10", "BOT=B", "MONITOR=" + chatjar.server.caps.Monitor.LIMIT,
                "UTF8ONLY", "WHOX"};
        String tagDeny = ClientTagDeny.of(limits.clientTagDeny()).isupportToken();
        if (tagDeny != null) {
            tokens = java.util.Arrays.copyOf(tokens, tokens.length + 1);
            tokens[tokens.length - 1] = tagDeny;
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < tokens.length; i += 13) {
            lines.add(String.join(" ", java.util.Arrays.copyOfRange(tokens, i, Math.min(tokens.length, i + 13)))
                    + " :are supported by this server");
        }
        return lines;
    }

    private long lusersCountedAt = Long.MIN_VALUE;
    private int invisibleCount;
    private int operCount;

    public void lusers(Client c) {
        int total = users.registeredCount();
        int unknown = users.count() - total;
        // Counting invisible users and opers walks every user; in a connect storm every registration asks,
        // which made registration O(users). A second-old count is as good for a welcome banner.
        long now = server.now();
        if (now - lusersCountedAt >= 1000) {
            lusersCountedAt = now;
            invisibleCount = users.invisibleCount();
            operCount = 0;
            for (Client u : users.registeredUsers()) if (u.oper) operCount++;
        }
        int invisible = Math.min(invisibleCount, total);
        int opers = operCount;
        out.numeric(c, "251", "There are " + (total - invisible) + " users and " + invisible + " invisible on 1 servers");
        out.numeric(c, "252", String.valueOf(opers), "operator(s) online");
        out.numeric(c, "253", String.valueOf(unknown), "unknown connection(s)");
        out.numeric(c, "254", String.valueOf(server.channels().count()), "channels formed");
        out.numeric(c, "255", "I have " + total + " clients and 0 servers");
        String max = String.valueOf(users.maxRegistered());
        out.numeric(c, "265", String.valueOf(total), max, "Current local users " + total + ", max " + max);
        out.numeric(c, "266", String.valueOf(total), max, "Current global users " + total + ", max " + max);
    }

    public void motd(Client c) {
        List<String> motd = server.config().motd();
        if (motd == null || motd.isEmpty()) {
            out.numeric(c, "422", "MOTD File is missing");
            return;
        }
        out.numeric(c, "375", "- " + server.name() + " Message of the day - ");
        for (String line : motd) out.numeric(c, "372", "- " + line);
        out.numeric(c, "376", "End of /MOTD command.");
    }
}
