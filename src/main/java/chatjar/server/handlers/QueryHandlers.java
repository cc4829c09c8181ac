package chatjar.server.handlers;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.net.Scheduler;
import chatjar.server.Commands;
import chatjar.server.LocalUser;
import chatjar.server.Network;
import chatjar.server.Replies;
import chatjar.server.ServerInfo;
import chatjar.server.caps.Cap;
import chatjar.server.caps.Whox;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Masks;
import chatjar.state.Users;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import static chatjar.irc.Numerics.*;

/** Questions about users and the server: WHO, WHOIS, ISON, USERHOST, VERSION, TIME, MOTD, LUSERS. */
public final class QueryHandlers {
    private final Replies out;
    private final Users users;
    private final Channels channels;
    private final Welcome welcome;
    private final ServerInfo info;
    private final Scheduler clock;
    private final java.util.function.Supplier<Network> network;

    public QueryHandlers(Replies out, Users users, Channels channels, Welcome welcome, ServerInfo info, Scheduler clock,
                         java.util.function.Supplier<Network> network) {
        this.network = network;
        this.out = out;
        this.users = users;
        this.channels = channels;
        this.welcome = welcome;
        this.info = info;
        this.clock = clock;
    }

    public void register(Commands t) {
        t.add("WHO", 0, false, this::who);
        t.add("WHOIS", 1, false, this::whois);
        t.add("ISON", 1, false, this::ison);
        t.add("USERHOST", 1, false, this::userhost);
        t.add("VERSION", 0, false, (c, m) -> out.numeric(c, RPL_VERSION, info.version() + ".",
                info.name(), "single-threaded NIO reactor"));
        t.add("TIME", 0, false, (c, m) -> out.numeric(c, RPL_TIME, info.name(),
                ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)));
        t.add("MOTD", 0, false, (c, m) -> welcome.motd(c));
        t.add("LUSERS", 0, false, (c, m) -> welcome.lusers(c, true));
    }

    // WHO [<mask>]
    private void who(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        String mask = m.paramCount() > 0 ? m.param(0) : "*";
        Whox whox = Whox.parse(m.param(1));
        if (mask.startsWith("#")) {
            Channel ch = channels.find(mask);
            if (ch != null && (!ch.secret || ch.has(c))) {
                boolean member = ch.has(c);
                for (Client u : ch.members()) {
                    if (member || !u.invisible) whoReply(c, ch.name, u, ch.prefixOf(u, Cap.MULTI_PREFIX.in(local.caps)), whox);
                }
            }
        } else if (!mask.equals("0") && mask.indexOf('*') < 0 && mask.indexOf('?') < 0) {
            // An exact nick names one user: shown even when +i, as the asker already knows the nick.
            Client u = users.find(mask);
            if (u != null && u.registered) whoReply(c, "*", u, "", whox);
        } else {
            String folded = CaseMapping.fold(mask.equals("0") ? "*" : mask);
            int shown = 0;
            for (Client u : users.registeredUsers()) {
                if (shown >= 200) break; // bounded: WHO * on a big server must not flood the asker's sendq
                if (u != c && u.invisible && !sharesChannel(c, u)) continue;
                if (Masks.matches(folded, u.nickFolded)) {
                    whoReply(c, "*", u, "", whox);
                    shown++;
                }
            }
        }
        out.numeric(c, RPL_ENDOFWHO, mask, "End of /WHO list");
    }

    private void whoReply(Client c, String channel, Client u, String prefix, Whox whox) {
        String flags = (u.away == null ? "H" : "G") + (u.oper ? "*" : "") + prefix + (u.bot ? "B" : "");
        if (whox != null) {
            out.numeric(c, RPL_WHOSPCRPL, whox.reply(channel, u, flags, serverOf(u), Math.max(0, (clock.nowMillis() - u.lastMessageAt) / 1000)));
            return;
        }
        out.numeric(c, RPL_WHOREPLY, channel, u.user, u.host, serverOf(u), u.nick, flags, "0 " + u.realname);
    }

    /** This server, or for a user of another node of the network, that node's. */
    private String serverOf(Client u) {
        String server = u.local == null ? network.get().serverOf(u) : null;
        return server != null ? server : info.name();
    }

    private static boolean sharesChannel(Client a, Client b) {
        for (Channel ch : a.channels()) if (ch.has(b)) return true;
        return false;
    }

    // WHOIS [<server>] <nick>
    private void whois(Client c, Message m) {
        LocalUser local = LocalUser.of(c);
        String nick = m.paramCount() > 1 ? m.param(1) : m.param(0);
        Client u = users.find(nick);
        if (u == null || !u.registered) {
            out.numeric(c, ERR_NOSUCHNICK, nick, "No such nick/channel");
            out.numeric(c, RPL_ENDOFWHOIS, nick, "End of /WHOIS list");
            return;
        }
        out.numeric(c, RPL_WHOISUSER, u.nick, u.user, u.host, "*", u.realname);
        StringBuilder chans = new StringBuilder();
        for (Channel ch : u.channels()) {
            if (ch.secret && !ch.has(c)) continue;
            if (chans.length() > 0) chans.append(' ');
            chans.append(ch.prefixOf(u, Cap.MULTI_PREFIX.in(local.caps))).append(ch.name);
        }
        if (chans.length() > 0) out.numeric(c, RPL_WHOISCHANNELS, u.nick, chans.toString());
        out.numeric(c, RPL_WHOISSERVER, u.nick, serverOf(u), info.network() + " chat server");
        if (u.oper) out.numeric(c, RPL_WHOISOPERATOR, u.nick, "is an IRC operator");
        if (u.local != null && u.local.secure()) out.numeric(c, RPL_WHOISSECURE, u.nick, "is using a secure connection");
        if (u.away != null) out.numeric(c, RPL_AWAY, u.nick, u.away);
        if (u.bot) out.numeric(c, RPL_WHOISBOT, u.nick, "is a bot");
        if (u.account != null) out.numeric(c, RPL_WHOISACCOUNT, u.nick, u.account, "is logged in as");
        long idle = Math.max(0, (clock.nowMillis() - u.lastMessageAt) / 1000);
        out.numeric(c, RPL_WHOISIDLE, u.nick, String.valueOf(idle), String.valueOf(u.signonSeconds), "seconds idle, signon time");
        out.numeric(c, RPL_ENDOFWHOIS, u.nick, "End of /WHOIS list");
    }

    // ISON <nickname>{ <nickname>}
    private void ison(Client c, Message m) {
        StringBuilder on = new StringBuilder();
        for (String p : m.params()) {
            for (String nick : p.split(" ")) {
                Client u = nick.isEmpty() ? null : users.find(nick);
                if (u != null && u.registered) {
                    if (on.length() > 0) on.append(' ');
                    on.append(u.nick);
                }
            }
        }
        out.numeric(c, RPL_ISON, on.toString());
    }

    // USERHOST <nickname>{ <nickname>}
    private void userhost(Client c, Message m) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (String nick : m.params()) {
            if (n++ == 5) break;
            Client u = users.find(nick);
            if (u == null || !u.registered) continue;
            if (sb.length() > 0) sb.append(' ');
            sb.append(u.nick).append(u.oper ? "*" : "").append('=').append(u.away == null ? '+' : '-')
                    .append(u.user).append('@').append(u.host);
        }
        out.numeric(c, RPL_USERHOST, sb.toString());
    }
}
