package chatjar.server.handlers;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.state.Client;
import chatjar.state.Whowas;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static chatjar.irc.Numerics.*;

/**
 * WHOWAS and what feeds it: a registered user's identity is remembered when it gives up a nick (NICK) or leaves
 * (QUIT), in a ring of fixed size, so the memory is the same after a million departures as after a thousand.
 */
public final class WhowasHandler {
    /** Departures remembered server-wide; Ergo and InspIRCd keep a similar order of magnitude. */
    public static final int CAPACITY = 1024;

    private final Replies out;
    private final String serverName;
    private final Whowas history = new Whowas(CAPACITY);

    public WhowasHandler(Replies out, String serverName) {
        this.out = out;
        this.serverName = serverName;
    }

    public void register(Commands t) {
        t.add("WHOWAS", 1, false, this::whowas);
    }

    /** Called before a registered user's nick goes away: on a nick change (with the old nick) and on quit. */
    public void remember(Client c) {
        if (!c.registered || c.nick == null) return;
        history.add(new Whowas.Entry(c.nick, c.nickFolded, c.user, c.host, c.realname, serverName,
                System.currentTimeMillis()));
    }

    /** Entries held, at most {@link #CAPACITY}. */
    public int size() {
        return history.size();
    }

    // WHOWAS <nick> [<count>]
    private void whowas(Client c, Message m) {
        String nick = m.param(0);
        if (nick.isEmpty()) {
            out.numeric(c, ERR_NEEDMOREPARAMS, "WHOWAS", "Not enough parameters");
            return;
        }
        int count = 0; // absent, zero, negative or garbage: every entry, as the Modern documents say
        if (m.paramCount() > 1) {
            try {
                count = Integer.parseInt(m.param(1));
            } catch (NumberFormatException e) {
                count = 0;
            }
        }
        List<Whowas.Entry> found = history.find(CaseMapping.fold(nick), count);
        if (found.isEmpty()) out.numeric(c, ERR_WASNOSUCHNICK, nick, "There was no such nickname");
        for (Whowas.Entry e : found) {
            out.numeric(c, RPL_WHOWASUSER, e.nick(), e.user(), e.host(), "*", e.realname());
            out.numeric(c, RPL_WHOISSERVER, e.nick(), e.server(), DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(Instant.ofEpochMilli(e.whenMillis()).atOffset(ZoneOffset.UTC)));
        }
        out.numeric(c, RPL_ENDOFWHOWAS, nick, "End of WHOWAS");
    }
}
