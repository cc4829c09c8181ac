package chatjar.server;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.irc.Message;
import chatjar.irc.Text;
import chatjar.server.handlers.Membership;
import chatjar.server.handlers.Messaging;
import chatjar.server.handlers.Nicks;
import chatjar.state.Channel;
import chatjar.state.Client;
import chatjar.state.Users;

import java.security.SecureRandom;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;

import static chatjar.irc.Numerics.*;

/**
 * Plain-text mode for nc, telnet and the tutorial's raw client: a connection whose first line is not IRC
 * registration gets a guest nick and the default channel, every line it types is said there, and what it
 * receives is rendered as readable text. IRC users see it as an ordinary user.
 */
public final class PlainText {
    private static final Set<String> REGISTRATION = Set.of("CAP", "PASS", "NICK", "USER", "REGISTER");
    /** Numerics whose text adds nothing for a person reading a terminal. */
    private static final Set<String> SILENT = Set.of(
            RPL_MYINFO, RPL_ISUPPORT, RPL_LUSERCLIENT, RPL_LUSEROP, RPL_LUSERUNKNOWN, RPL_LUSERCHANNELS, RPL_LUSERME,
            RPL_LOCALUSERS, RPL_GLOBALUSERS, RPL_ENDOFWHO, RPL_ENDOFWHOIS, RPL_LISTSTART, RPL_LISTEND,
            RPL_CREATIONTIME, RPL_TOPICWHOTIME, RPL_ENDOFNAMES, RPL_MOTDSTART, RPL_ENDOFMOTD);

    private final Replies out;
    private final Users users;
    private final Membership membership;
    private final Messaging messaging;
    private final Nicks nicks;
    private final NameRules names;
    private final Supplier<ServerConfig> config;
    private final Commands commands;
    private final Supplier<Network> network;
    /** Guest numbers nobody can predict (a sequence told the next guest's nick in advance). */
    private final Random guests = new SecureRandom();

    PlainText(Replies out, Users users, Membership membership, Messaging messaging, Nicks nicks, NameRules names,
              Supplier<ServerConfig> config, Commands commands, Supplier<Network> network) {
        this.network = network;
        this.out = out;
        this.users = users;
        this.membership = membership;
        this.messaging = messaging;
        this.nicks = nicks;
        this.names = names;
        this.config = config;
        this.commands = commands;
    }

    /**
     * True if this first line puts the connection into plain mode, or refuses it as junk (handled either way).
     * {@code m} is null when the line does not parse as IRC.
     */
    boolean startsPlainMode(LocalUser u, Message m, String line) {
        Client c = u.client;
        if (u.spokeIrc || c.nick != null || c.user != null || u.capNegotiating || u.passwordGiven != null) return false;
        if (line.isBlank()) return false;
        if (m != null && REGISTRATION.contains(m.command())) {
            u.spokeIrc = true; // even a refused NICK (433) shows an IRC client: its next PING is not chat
            return false;
        }
        if (!Text.isMostlyText(line)) { // binary junk never gets a guest nick, let alone a say in the channel
            refuseJunk(u);
            return true;
        }
        if (line.matches("^[A-Z]+ \\S+ HTTP/1\\.[01]$")) { // a browser or scanner, not a person
            out.closeWithError(c, "This is an IRC server, not a web server");
            return true;
        }
        u.plain = true;
        if (network.get().alone()) {
            enter(u, guestNick(c));
            onLine(u, line);
        } else {
            u.flood.hold(); // what it types next waits for the nick, as after NICK
            claimGuest(u, line, 0);
        }
        return true;
    }

    /** Guest nicks allowed to collide on other nodes before giving up (each try is one more random pick). */
    static final int GUEST_CLAIMS = 5;

    /** In a cluster a guest nick is claimed network-wide like any NICK; a taken one means another pick. */
    private void claimGuest(LocalUser u, String firstLine, int tries) {
        Client c = u.client;
        String nick = guestNick(c, tries * 8); // each nick taken elsewhere: one more digit
        network.get().claimNick(c, nick, ok -> {
            if (!u.isOpen()) return; // its disconnect released the claim
            if (ok && !users.isTaken(nick, c)) {
                u.flood.release();
                enter(u, nick);
                onLine(u, firstLine);
            } else if (tries + 1 < GUEST_CLAIMS) {
                claimGuest(u, firstLine, tries + 1);
            } else {
                u.flood.release();
                out.closeWithError(c, "No guest nick could be had on the network; try again");
            }
        });
    }

    private void enter(LocalUser u, String nick) {
        Client c = u.client;
        users.rename(c, nick);
        c.user = "~plain";
        c.realname = "plain-text user";
        users.markRegistered(c);
        c.signonSeconds = System.currentTimeMillis() / 1000;
        network.get().registered(c); // before its JOIN: the other nodes must know who joins
        // The hint goes only to connections that turned out to be plain text; IRC clients never see it.
        out.send(c, "NOTICE * :" + "Hi " + nick + ", welcome to " + config.get().network()
                + ". Plain text: just type a line to chat in " + config.get().defaultChannel()
                + ". Commands: /nick NAME, /join #room, /msg NICK text, /me action, /who, /help, /quit");
        u.setCurrent(membership.join(c, config.get().defaultChannel(), null));
    }

    /** guestNNNN at random, one more digit after every few collisions, so even a crowded server finds one. */
    String guestNick(Client c) {
        return guestNick(c, 0);
    }

    /** As if {@code collisions} picks had already been taken. */
    private String guestNick(Client c, int collisions) {
        for (int tries = collisions; ; tries++) {
            int digits = Math.min(9, 4 + tries / 8);
            int low = (int) Math.pow(10, digits - 1);
            String nick = "guest" + (low + guests.nextInt(9 * low));
            if (!users.isTaken(nick, c)) return nick;
        }
    }

    /** Lines of junk in a row that close a connection: random bytes split into lines fail fast. */
    static final int JUNK_LINES_ALLOWED = 3;

    /** A line that is mostly not text: refused with a short notice; a few in a row end the connection. */
    private void refuseJunk(LocalUser u) {
        if (++u.junkLines >= JUNK_LINES_ALLOWED) {
            out.closeWithError(u.client, "Binary data is not chat");
            return;
        }
        text(u.client, "-!- Line refused: it is not text");
    }

    /** One line typed by a plain-mode user. */
    void onLine(LocalUser u, String line) {
        Client c = u.client;
        if (!Text.isMostlyText(line)) {
            refuseJunk(u);
            return;
        }
        u.junkLines = 0;
        // C0 controls (ESC, BEL...) and IRC formatting never leave a plain-text line; a tab is a space.
        line = Text.stripControls(line.replace('\t', ' ')).strip();
        if (line.isEmpty()) return;
        if (!line.startsWith("/")) {
            say(u, line);
            return;
        }
        String[] w = line.substring(1).split(" ", 3);
        String cmd = w[0].toLowerCase();
        String arg = w.length > 1 ? w[1] : "";
        String rest = w.length > 2 ? w[2] : "";
        switch (cmd) {
            case "nick" -> {
                if (arg.isEmpty() || !names.validNick(arg)) text(c, "Usage: /nick NAME (letters, digits, -_[]{}|^)");
                else nicks.change(c, arg);
            }
            case "join" -> {
                if (arg.isEmpty()) {
                    text(c, "Usage: /join #room");
                    return;
                }
                String name = arg.startsWith("#") ? arg : "#" + arg;
                Channel ch = membership.join(c, name, rest.isEmpty() ? null : rest);
                if (ch != null) {
                    u.setCurrent(ch);
                    text(c, "You are now talking in " + ch.name);
                }
            }
            case "part", "leave" -> {
                String reason = (arg + " " + rest).strip();
                if (u.current() == null) text(c, "You are not in a channel");
                else membership.leave(c, u.current(), reason.isEmpty() ? null : reason);
                if (u.current() == null && !c.channels().isEmpty()) u.setCurrent(c.channels().get(0));
            }
            case "msg" -> {
                if (arg.isEmpty() || rest.isEmpty()) text(c, "Usage: /msg NICK text");
                else messaging.deliver(c, Kind.PRIVMSG, arg, rest, null);
            }
            case "me" -> {
                String action = (arg + " " + rest).strip();
                if (u.current() != null && !action.isEmpty()) {
                    messaging.deliver(c, Kind.PRIVMSG, u.current().name, "\u0001ACTION " + action + "\u0001", null);
                }
            }
            case "who", "names" -> {
                Channel ch = u.current();
                if (ch == null) {
                    text(c, "You are not in a channel");
                    return;
                }
                StringBuilder sb = new StringBuilder("In " + ch.name + ":");
                for (Client m : ch.members()) sb.append(' ').append(ch.prefixOf(m)).append(m.nick);
                text(c, sb.toString());
            }
            case "topic" -> { // "/topic" shows it, "/topic text" sets it: the IRC command, with its checks
                Channel ch = u.current();
                String topic = (arg + " " + rest).strip();
                if (ch == null) text(c, "You are not in a channel");
                else run(c, "TOPIC " + ch.name + (topic.isEmpty() ? "" : " :" + topic));
            }
            case "whois" -> {
                if (arg.isEmpty()) text(c, "Usage: /whois NICK");
                else run(c, "WHOIS " + arg);
            }
            case "quit", "exit" -> {
                String reason = (arg + " " + rest).strip();
                out.closeWithError(c, reason.isEmpty() ? "Client Quit" : "Quit: " + reason);
            }
            case "help" -> text(c, "Commands: /nick NAME, /join #room, /part [reason], /msg NICK text, /me action, /who, "
                    + "/topic [text], /whois NICK, /quit [reason]");
            default -> text(c, "Unknown command /" + cmd + " (try /help)");
        }
    }

    /** An IRC command on a plain user's behalf, through the command table; its replies are rendered as text. */
    private void run(Client c, String ircLine) {
        Message m = Message.parse(ircLine);
        Commands.Command cmd = m == null ? null : commands.find(m.command());
        if (cmd != null && m.paramCount() >= cmd.minParams()) cmd.handler().handle(c, m);
    }

    private void say(LocalUser u, String line) {
        Channel ch = u.current();
        if (ch == null) {
            text(u.client, "You are not in a channel: /join #room first");
            return;
        }
        messaging.deliver(u.client, Kind.PRIVMSG, ch.name, line, null);
    }

    private void text(Client c, String s) {
        LocalUser.of(c).link.send(Replies.encode(Text.stripControls(s)));
    }

    /**
     * Renders one IRC line for a plain-mode reader, or null when there is nothing worth showing. A nc or telnet
     * terminal interprets what it is given, so no control character or IRC formatting code reaches it.
     */
    static String render(String ircLine, LocalUser to) {
        String text = describe(ircLine, to);
        return text == null ? null : Text.stripControls(text);
    }

    private static String describe(String ircLine, LocalUser to) {
        Message m = Message.parse(ircLine);
        if (m == null) return null;
        String from = m.sourceNick();
        String cmd = m.command();
        switch (cmd) {
            case "PRIVMSG": {
                String text = m.last();
                String target = m.param(0);
                boolean action = text.startsWith("\u0001ACTION ") && text.endsWith("\u0001") && text.length() > 9;
                if (action) text = text.substring(8, text.length() - 1);
                boolean channel = target.indexOf('#') >= 0;
                String where = channel && (to.current() == null || !to.current().name.equals(target)) ? "[" + target + "] " : "";
                if (!channel) return action ? "* " + from + " " + text : "*" + from + "* " + text;
                return where + (action ? "* " + from + " " + text : "<" + from + "> " + text);
            }
            case "NOTICE":
                return (m.prefix() == null || m.prefix().indexOf('!') < 0 ? "-!- " : "-" + from + "- ") + m.last();
            case "JOIN":
                return "* " + from + " joined " + m.param(0);
            case "PART":
                return "* " + from + " left " + m.param(0) + (m.paramCount() > 1 && !m.param(1).isEmpty() ? " (" + m.param(1) + ")" : "");
            case "QUIT":
                return "* " + from + " quit (" + m.last() + ")";
            case "NICK":
                return "* " + from + " is now known as " + m.param(0);
            case "TOPIC":
                return "* " + from + " set the topic of " + m.param(0) + " to: " + m.last();
            case "KICK":
                return "* " + m.param(1) + " was kicked from " + m.param(0) + " by " + from + " (" + m.last() + ")";
            case "MODE":
                return "* " + from + " sets mode " + String.join(" ", m.params());
            case "INVITE":
                return "* " + from + " invites you to " + m.param(1) + " (/join " + m.param(1) + ")";
            case "ERROR":
                return "* " + m.last();
            case "PING":
            case "PONG":
            case "CAP":
                return null;
            case RPL_NAMREPLY:
                return "In " + m.param(2) + ": " + m.last();
            case RPL_TOPIC:
                return "Topic of " + m.param(1) + ": " + m.last();
            case RPL_WHOREPLY:
                return "  " + m.param(5) + " (" + m.param(2) + "@" + m.param(3) + ")";
            case RPL_WHOISUSER:
                return "-!- " + m.param(1) + " is " + m.param(2) + "@" + m.param(3) + " (" + m.last() + ")";
            case RPL_WHOISCHANNELS:
                return "-!- " + m.param(1) + " is on " + m.last();
            case RPL_WHOISSERVER:
                return "-!- " + m.param(1) + " is on " + m.param(2) + " (" + m.last() + ")";
            case RPL_WHOISIDLE:
                return "-!- " + m.param(1) + " has been idle " + m.param(2) + " s";
            case RPL_WHOISACCOUNT:
                return "-!- " + m.param(1) + " is logged in as " + m.param(2);
            case RPL_AWAY:
                return "-!- " + m.param(1) + " is away: " + m.last();
            case RPL_WHOISOPERATOR, RPL_WHOISSECURE, RPL_WHOISBOT:
                return "-!- " + m.param(1) + " " + m.last();
            case ERR_NOSUCHNICK:
                return "-!- " + m.param(1) + ": " + m.last();
            case RPL_NOTOPIC:
                return "No topic is set for " + m.param(1);
            default:
                if (cmd.length() == 3 && Character.isDigit(cmd.charAt(0))) {
                    if (SILENT.contains(cmd)) return null;
                    return "-!- " + m.last();
                }
                return ircLine;
        }
    }
}
