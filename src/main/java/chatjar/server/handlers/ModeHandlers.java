package chatjar.server.handlers;

import chatjar.server.relay.RelayEvent.Kind;
import chatjar.server.relay.Relay;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.MaskList;
import chatjar.state.Masks;
import chatjar.state.Users;

import java.util.ArrayList;
import java.util.List;

import static chatjar.irc.Numerics.*;

/**
 * MODE for users (i, B, -o) and channels: the lists b, e, I (with the {@code m:} mute extban on b and e), the
 * flags C, i, m, n, s, t, the key k, the limit l and the member prefixes o, v.
 */
public final class ModeHandlers {
    private static final int MAX_PARAM_MODES = 4; // MODES=4 in RPL_ISUPPORT
    /** Longest mask a list accepts; with the 512-byte line it keeps RPL_BANLIST and the MODE relay whole. */
    private static final int MAX_MASK = 200;

    private final Replies out;
    private final Relay relay;
    private final Users users;
    private final Channels channels;
    /** MAXLIST=beI:n: the three lists of a channel hold at most this many entries together. */
    private final int maxListEntries;
    private final java.util.function.Supplier<chatjar.server.Network> network;

    public ModeHandlers(Replies out, Relay relay, Users users, Channels channels, int maxListEntries,
                        java.util.function.Supplier<chatjar.server.Network> network) {
        this.network = network;
        this.out = out;
        this.relay = relay;
        this.users = users;
        this.channels = channels;
        this.maxListEntries = maxListEntries;
    }

    public void register(Commands t) {
        t.add("MODE", 1, false, this::mode);
    }

    // MODE <target> [<modestring> [<mode arguments>...]]
    private void mode(Client c, Message m) {
        String target = m.param(0);
        if (target.startsWith("#")) channelMode(c, m);
        else userMode(c, m);
    }

    private void userMode(Client c, Message m) {
        Client target = users.find(m.param(0));
        if (target == null) {
            out.numeric(c, ERR_NOSUCHNICK, m.param(0), "No such nick/channel");
            return;
        }
        if (target != c) {
            out.numeric(c, ERR_USERSDONTMATCH, "Can't change mode for other users");
            return;
        }
        if (m.paramCount() < 2) {
            out.numeric(c, RPL_UMODEIS, "+" + (c.bot ? "B" : "") + (c.invisible ? "i" : "") + (c.oper ? "o" : ""));
            return;
        }
        boolean add = true;
        StringBuilder applied = new StringBuilder();
        char appliedSign = 0;
        boolean unknown = false;
        for (char ch : m.param(1).toCharArray()) {
            switch (ch) {
                case '+' -> add = true;
                case '-' -> add = false;
                case 'i' -> {
                    if (c.invisible != add) {
                        c.invisible = add;
                        char sign = add ? '+' : '-';
                        if (appliedSign != sign) applied.append(appliedSign = sign);
                        applied.append('i');
                    }
                }
                case 'B' -> { // bot mode: marks the client's messages with the bot tag, WHO/WHOIS show it
                    if (c.bot != add) {
                        c.bot = add;
                        char sign = add ? '+' : '-';
                        if (appliedSign != sign) applied.append(appliedSign = sign);
                        applied.append('B');
                    }
                }
                case 'o' -> {
                    if (!add && c.oper) { // anyone may drop their own operator status, never gain it this way
                        c.oper = false;
                        if (appliedSign != '-') applied.append(appliedSign = '-');
                        applied.append('o');
                    }
                }
                default -> unknown = true;
            }
        }
        if (unknown) out.numeric(c, ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
        if (applied.length() > 0) {
            out.send(c, ":" + c.prefix() + " MODE " + c.nick + " :" + applied);
            network.get().modesChanged(c);
        }
    }

    private void channelMode(Client c, Message m) {
        Channel ch = channels.find(m.param(0));
        if (ch == null) {
            out.numeric(c, ERR_NOSUCHCHANNEL, m.param(0), "No such channel");
            return;
        }
        if (m.paramCount() < 2) {
            String[] modeis = ch.modeString(ch.has(c)).split(" ");
            String[] params = new String[modeis.length + 1];
            params[0] = ch.name;
            System.arraycopy(modeis, 0, params, 1, modeis.length);
            out.numeric(c, RPL_CHANNELMODEIS, params);
            out.numeric(c, RPL_CREATIONTIME, ch.name, String.valueOf(ch.createdSeconds));
            return;
        }
        String modes = m.param(1).replace("+", "");
        // A bare list request ("MODE #c b", "+e", "I"): the bans are open to anyone who may see the channel,
        // the exception lists (which say who gets past a ban or +i) to its operators, as Solanum does.
        if (m.paramCount() == 2 && modes.length() == 1 && "beI".indexOf(modes.charAt(0)) >= 0) {
            char list = modes.charAt(0);
            if (list == 'b' || ch.isOp(c)) sendList(c, ch, list);
            else out.numeric(c, ERR_CHANOPRIVSNEEDED, ch.name, "You're not channel operator");
            return;
        }
        if (!ch.isOp(c)) {
            out.numeric(c, ERR_CHANOPRIVSNEEDED, ch.name, "You're not channel operator");
            return;
        }
        new Change(c, ch, m).apply();
    }

    /** One list as its numerics show it: 367/368 for b, 348/349 for e, 346/347 for I. */
    private void sendList(Client c, Channel ch, char mode) {
        String entry = switch (mode) {
            case 'b' -> RPL_BANLIST;
            case 'e' -> RPL_EXCEPTLIST;
            default -> RPL_INVEXLIST;
        };
        MaskList list = ch.list(mode);
        if (list != null) {
            for (MaskList.Entry e : list.entries()) out.numeric(c, entry, ch.name, e.mask(), e.setBy(), String.valueOf(e.setAt()));
        }
        switch (mode) {
            case 'b' -> out.numeric(c, RPL_ENDOFBANLIST, ch.name, "End of channel ban list");
            case 'e' -> out.numeric(c, RPL_ENDOFEXCEPTLIST, ch.name, "End of channel exception list");
            default -> out.numeric(c, RPL_ENDOFINVEXLIST, ch.name, "End of channel invite exception list");
        }
    }

    /** One MODE command's changes, applied in order and relayed as one MODE line with what took effect. */
    private final class Change {
        final Client c;
        final Channel ch;
        final Message m;
        int arg = 2;
        int paramModes;
        final StringBuilder applied = new StringBuilder();
        final List<String> appliedArgs = new ArrayList<>();
        char sign;
        /** The lists already shown by this command, so "MODE #c bbb" lists once. */
        String listed = "";

        Change(Client c, Channel ch, Message m) {
            this.c = c;
            this.ch = ch;
            this.m = m;
        }

        void apply() {
            boolean add = true;
            for (char mode : m.param(1).toCharArray()) {
                switch (mode) {
                    case '+' -> add = true;
                    case '-' -> add = false;
                    case 'C' -> flag(add, mode, ch.noCtcp != add, () -> ch.noCtcp = !ch.noCtcp);
                    case 'i' -> flag(add, mode, ch.inviteOnly != add, () -> ch.inviteOnly = !ch.inviteOnly);
                    case 'm' -> flag(add, mode, ch.moderated != add, () -> ch.moderated = !ch.moderated);
                    case 'n' -> flag(add, mode, ch.noExternal != add, () -> ch.noExternal = !ch.noExternal);
                    case 's' -> flag(add, mode, ch.secret != add, () -> ch.secret = !ch.secret);
                    case 't' -> flag(add, mode, ch.topicLocked != add, () -> ch.topicLocked = !ch.topicLocked);
                    case 'k' -> key(add);
                    case 'l' -> limit(add);
                    case 'b', 'e', 'I' -> list(add, mode);
                    case 'o' -> member(add, mode, Channel.OP);
                    case 'v' -> member(add, mode, Channel.VOICE);
                    default -> out.numeric(c, ERR_UNKNOWNMODE, String.valueOf(mode), "is unknown mode char to me for " + ch.name);
                }
            }
            if (applied.length() == 0) return;
            StringBuilder line = new StringBuilder(":").append(c.prefix()).append(" MODE ").append(ch.name).append(' ').append(applied);
            Message.appendParams(line, appliedArgs);
            relay.toChannel(relay.event(Kind.MODE, c, ch.name, line.toString()), ch, null);
        }

        private void record(boolean add, char mode, String argument) {
            char s = add ? '+' : '-';
            if (sign != s) applied.append(sign = s);
            applied.append(mode);
            if (argument != null) appliedArgs.add(argument);
        }

        private String nextArg() {
            if (arg >= m.paramCount() || paramModes >= MAX_PARAM_MODES) return null;
            paramModes++;
            return m.param(arg++);
        }

        private void flag(boolean add, char mode, boolean changes, Runnable toggle) {
            if (!changes) return;
            toggle.run();
            record(add, mode, null);
        }

        private void key(boolean add) {
            String k = nextArg();
            if (add) {
                if (k == null) {
                    out.numeric(c, ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
                    return;
                }
                if (k.isEmpty() || k.indexOf(' ') >= 0 || k.indexOf(',') >= 0 || k.length() > 23) {
                    out.numeric(c, ERR_INVALIDKEY, ch.name, "Key is not well-formed");
                    return;
                }
                ch.key = k;
                record(true, 'k', k);
            } else if (ch.key != null) {
                ch.key = null;
                record(false, 'k', "*");
            }
        }

        private void limit(boolean add) {
            if (!add) {
                if (ch.limit > 0) {
                    ch.limit = 0;
                    record(false, 'l', null);
                }
                return;
            }
            String v = nextArg();
            if (v == null) {
                out.numeric(c, ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
                return;
            }
            int n;
            try {
                n = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                return; // conventionally ignored, like other servers do
            }
            if (n <= 0) return;
            ch.limit = n;
            record(true, 'l', String.valueOf(n));
        }

        private void list(boolean add, char mode) {
            String mask = nextArg();
            if (mask == null) {
                if (listed.indexOf(mode) < 0) {
                    listed += mode;
                    sendList(c, ch, mode);
                }
                return;
            }
            char extban = MaskList.extbanOf(mask);
            if (extban != 0 && (extban != Channel.MUTE || mode == 'I')) {
                out.numeric(c, ERR_INVALIDMODEPARAM, ch.name, String.valueOf(mode), mask, "Unknown extban type " + extban);
                return;
            }
            mask = extban == 0 ? Masks.normalize(mask) : mask.substring(0, 2) + Masks.normalize(mask.substring(2));
            if (mask.length() > MAX_MASK || mask.indexOf(' ') >= 0) return;
            if (add) {
                if (ch.listEntries() >= maxListEntries) {
                    out.numeric(c, ERR_BANLISTFULL, ch.name, String.valueOf(mode), "Channel list is full");
                    return;
                }
                if (ch.addToList(mode, new MaskList.Entry(mask, c.prefix(), System.currentTimeMillis() / 1000))) {
                    record(true, mode, mask);
                }
            } else if (ch.removeFromList(mode, mask)) {
                record(false, mode, mask);
            }
        }

        private void member(boolean add, char mode, int flag) {
            String nick = nextArg();
            if (nick == null) {
                out.numeric(c, ERR_NEEDMOREPARAMS, "MODE", "Not enough parameters");
                return;
            }
            Client target = users.find(nick);
            if (target == null) {
                out.numeric(c, ERR_NOSUCHNICK, nick, "No such nick/channel");
                return;
            }
            if (!ch.has(target)) {
                out.numeric(c, ERR_USERNOTINCHANNEL, target.nick, ch.name, "They aren't on that channel");
                return;
            }
            if (((ch.flags(target) & flag) != 0) == add) return;
            ch.setFlag(target, flag, add);
            record(add, mode, target.nick);
        }
    }
}
