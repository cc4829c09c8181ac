package chatjar.state;

import chatjar.irc.CaseMapping;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A channel: members with their prefixes, topic, modes and mask lists (bans, exceptions, invite exceptions). */
public final class Channel {
    public static final int OP = 1;
    public static final int VOICE = 2;

    public final String name;
    public final String nameFolded;
    public final long createdSeconds;

    /** Insertion-ordered so NAMES lists people in the order they came. */
    private final Map<Client, Integer> members = new LinkedHashMap<>();

    public String topic;
    public String topicSetBy;
    public long topicSetAt;

    public boolean inviteOnly;
    public boolean moderated;
    public boolean noExternal = true;
    public boolean secret;
    public boolean topicLocked = true;
    public String key;
    public int limit;

    /** +C: CTCPs other than ACTION are refused (404). */
    public boolean noCtcp;

    /** The extban type letter of a mute: {@code +b m:mask} lets a matching user join but not speak. */
    public static final char MUTE = 'm';

    /** +b, +e, +I; null while empty, as most channels never set one. */
    private MaskList bans, excepts, invexes;

    public Channel(String name, long nowSeconds) {
        this.name = name;
        this.nameFolded = CaseMapping.fold(name);
        this.createdSeconds = nowSeconds;
    }

    public Set<Client> members() {
        return members.keySet();
    }

    public int size() {
        return members.size();
    }

    public boolean has(Client c) {
        return members.containsKey(c);
    }

    public int flags(Client c) {
        Integer f = members.get(c);
        return f == null ? 0 : f;
    }

    public boolean isOp(Client c) {
        return (flags(c) & OP) != 0;
    }

    public boolean isVoiced(Client c) {
        return (flags(c) & (OP | VOICE)) != 0;
    }

    public void setFlag(Client c, int flag, boolean on) {
        Integer f = members.get(c);
        if (f == null) return;
        members.put(c, on ? (f | flag) : (f & ~flag));
    }

    public void add(Client c, int flags) {
        members.put(c, flags);
        c.joined(this);
        c.uninvite(this);
    }

    public void remove(Client c) {
        members.remove(c);
        c.left(this);
    }

    /** Highest prefix first, as NAMES shows it without multi-prefix. */
    public String prefixOf(Client c) {
        int f = flags(c);
        if ((f & OP) != 0) return "@";
        if ((f & VOICE) != 0) return "+";
        return "";
    }

    /** Every prefix, highest first, for multi-prefix clients; the highest only for the rest. */
    public String prefixOf(Client c, boolean all) {
        if (!all) return prefixOf(c);
        int f = flags(c);
        return ((f & OP) != 0 ? "@" : "") + ((f & VOICE) != 0 ? "+" : "");
    }

    /** Invites live on the client, so they vanish with it (or with this channel) and never leak. */
    public void invite(Client c) {
        c.invite(this);
    }

    public boolean isInvited(Client c) {
        return c.isInvitedTo(this);
    }

    /** The list a list mode ({@code b}, {@code e}, {@code I}) keeps, or null while it is empty. */
    public MaskList list(char mode) {
        return switch (mode) {
            case 'b' -> bans;
            case 'e' -> excepts;
            case 'I' -> invexes;
            default -> throw new IllegalArgumentException("not a list mode: " + mode);
        };
    }

    /** Entries over all three lists: MAXLIST bounds them together. */
    public int listEntries() {
        return (bans == null ? 0 : bans.size()) + (excepts == null ? 0 : excepts.size())
                + (invexes == null ? 0 : invexes.size());
    }

    public boolean addToList(char mode, MaskList.Entry e) {
        MaskList l = list(mode);
        if (l == null) {
            l = new MaskList();
            switch (mode) {
                case 'b' -> bans = l;
                case 'e' -> excepts = l;
                default -> invexes = l;
            }
        }
        return l.add(e);
    }

    public boolean removeFromList(char mode, String mask) {
        MaskList l = list(mode);
        if (l == null || !l.remove(mask)) return false;
        if (l.isEmpty()) {
            switch (mode) {
                case 'b' -> bans = null;
                case 'e' -> excepts = null;
                default -> invexes = null;
            }
        }
        return true;
    }

    /** Matched by a plain ban and by no plain exception: may not join. */
    public boolean isBanned(Client c) {
        return bans != null && isBanned(CaseMapping.fold(c.prefix()));
    }

    /** Banned or muted ({@code m:} extban, unless an {@code m:} exception matches): may not speak unless voiced. */
    public boolean isQuieted(Client c) {
        if (bans == null) return false;
        String who = CaseMapping.fold(c.prefix());
        return isBanned(who) || (bans.matches(who, MUTE) && (excepts == null || !excepts.matches(who, MUTE)));
    }

    private boolean isBanned(String who) {
        return bans.matches(who, (char) 0) && (excepts == null || !excepts.matches(who, (char) 0));
    }

    /** Matched by an invite exception: may join while +i without an INVITE. */
    public boolean isInviteExempt(Client c) {
        return invexes != null && invexes.matches(CaseMapping.fold(c.prefix()), (char) 0);
    }

    /** The mode string as RPL_CHANNELMODEIS shows it; the key only to members. */
    public String modeString(boolean showKey) {
        StringBuilder m = new StringBuilder("+");
        StringBuilder args = new StringBuilder();
        if (noCtcp) m.append('C');
        if (inviteOnly) m.append('i');
        if (key != null) {
            m.append('k');
            args.append(' ').append(showKey ? key : "*");
        }
        if (limit > 0) {
            m.append('l');
            args.append(' ').append(limit);
        }
        if (moderated) m.append('m');
        if (noExternal) m.append('n');
        if (secret) m.append('s');
        if (topicLocked) m.append('t');
        return m.append(args).toString();
    }
}
