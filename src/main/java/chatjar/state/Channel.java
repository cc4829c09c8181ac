package chatjar.state;

import chatjar.irc.CaseMapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A channel: members with their prefixes, topic, modes, bans and pending invites. */
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

    private List<Ban> bans;

    public record Ban(String mask, String setBy, long setAt) {}

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

    public List<Ban> bans() {
        return bans == null ? List.of() : bans;
    }

    public boolean addBan(Ban b) {
        if (bans == null) bans = new ArrayList<>();
        for (Ban x : bans) if (CaseMapping.equals(x.mask(), b.mask())) return false;
        bans.add(b);
        return true;
    }

    public boolean removeBan(String mask) {
        if (bans == null) return false;
        boolean removed = bans.removeIf(x -> CaseMapping.equals(x.mask(), mask));
        if (bans.isEmpty()) bans = null;
        return removed;
    }

    public boolean isBanned(Client c) {
        if (bans == null) return false;
        String who = CaseMapping.fold(c.prefix());
        for (Ban b : bans) if (Masks.matches(CaseMapping.fold(b.mask()), who)) return true;
        return false;
    }

    /** The mode string as RPL_CHANNELMODEIS shows it; the key only to members. */
    public String modeString(boolean showKey) {
        StringBuilder m = new StringBuilder("+");
        StringBuilder args = new StringBuilder();
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
