package chatjar.server.handlers;

import chatjar.net.Scheduler;
import chatjar.server.Network;
import chatjar.server.Replies;
import chatjar.server.ServerConfig;
import chatjar.server.ServerInfo;
import chatjar.server.caps.ClientTagDeny;
import chatjar.server.caps.Monitor;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Users;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import static chatjar.irc.Numerics.*;

/** The welcome burst (001-005, LUSERS, MOTD); LUSERS and MOTD are also commands of their own. */
public final class Welcome {
    private final Replies out;
    private final Users users;
    private final Channels channels;
    private final Supplier<ServerConfig> config;
    private final ServerInfo info;
    private final Scheduler clock;
    private final Supplier<Network> network;
    /** Fixed at start-up like everything ISUPPORT advertises. */
    private final List<String> isupport;

    private long lusersCountedAt = Long.MIN_VALUE;
    private int invisibleCount;
    private int operCount;
    /** Most users on this node at once (in a cluster the registry's maximum counts the network). */
    private int localMax;

    public Welcome(Replies out, Users users, Channels channels, Supplier<ServerConfig> config, ServerInfo info,
                   Scheduler clock, Supplier<Network> network) {
        this.network = network;
        this.out = out;
        this.users = users;
        this.channels = channels;
        this.config = config;
        this.info = info;
        this.clock = clock;
        this.isupport = isupportLines(config.get().limits(), info.network());
    }

    public void welcome(Client c) {
        String name = info.name();
        out.numeric(c, RPL_WELCOME, "Welcome to the " + info.network() + " IRC Network, " + c.prefix());
        out.numeric(c, RPL_YOURHOST, "Your host is " + name + ", running version " + info.version());
        out.numeric(c, RPL_CREATED, "This server was created " + info.createdText());
        out.numeric(c, RPL_MYINFO, name, info.version(), "Bio", "CIbeiklmnostv", "Ibeklov");
        for (String line : isupport) out.send(c, ":" + name + " " + RPL_ISUPPORT + " " + c.nick + " " + line);
        lusers(c);
        motd(c);
    }

    private static List<String> isupportLines(ServerConfig.Limits limits, String network) {
        String[] tokens = {
                "AWAYLEN=" + limits.awayLen(), "CASEMAPPING=rfc1459", "CHANLIMIT=#:" + limits.channelsPerUser(),
                "CHANMODES=beI,k,l,Cimnst", "CHANNELLEN=" + limits.channelLen(), "CHANTYPES=#",
                "EXCEPTS", "EXTBAN=,m", "INVEX", "KICKLEN=" + limits.kickLen(), "MAXLIST=beI:" + limits.maxBans(), "MAXTARGETS=" + limits.maxTargets(),
                "MODES=4", "NETWORK=" + network, "NICKLEN=" + limits.nickLen(), "PREFIX=(ov)@+",
                "STATUSMSG=@+", "TARGMAX=PRIVMSG:" + limits.maxTargets() + ",NOTICE:" + limits.maxTargets()
                        + ",JOIN:,PART:,KICK:" + limits.maxTargets() + ",WHOIS:1,NAMES:,LIST:1,ISON:,USERHOST:5",
                "TOPICLEN=" + limits.topicLen(), "USERLEN=10", "BOT=B", "MONITOR=" + Monitor.LIMIT,
                "UTF8ONLY", "WHOX", "ELIST=" + ChannelQueries.ELIST, "CHATHISTORY=" + chatjar.server.history.HistorySettings.MAX_PER_REQUEST,
                "MSGREFTYPES=timestamp,msgid"};
        String tagDeny = ClientTagDeny.of(limits.clientTagDeny()).isupportToken();
        if (tagDeny != null) {
            tokens = Arrays.copyOf(tokens, tokens.length + 1);
            tokens[tokens.length - 1] = tagDeny;
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < tokens.length; i += 13) {
            lines.add(String.join(" ", Arrays.copyOfRange(tokens, i, Math.min(tokens.length, i + 13)))
                    + " :are supported by this server");
        }
        return lines;
    }

    /** LUSERS in the welcome burst: counts up to a second old. */
    public void lusers(Client c) {
        lusers(c, false);
    }

    // LUSERS
    /** {@code fresh}: the LUSERS command counts now, so a user who just set +i is seen as invisible. */
    public void lusers(Client c, boolean fresh) {
        int total = users.registeredCount();
        int unknown = users.count() - total;
        // Counting invisible users and opers walks every user; in a connect storm every registration asks,
        // which made registration O(users). A second-old count is as good for a welcome banner.
        long now = clock.nowMillis();
        if (fresh || now - lusersCountedAt >= 1000) {
            lusersCountedAt = now;
            invisibleCount = users.invisibleCount();
            operCount = 0;
            for (Client u : users.registeredUsers()) if (u.oper) operCount++;
        }
        int invisible = Math.min(invisibleCount, total);
        int opers = operCount;
        // In a cluster the registry holds the other nodes' users too: "local" is this node's share of it.
        Network net = network.get();
        int servers = net.servers();
        int local = Math.max(0, total - net.remoteUsers());
        localMax = Math.max(localMax, local);
        out.numeric(c, RPL_LUSERCLIENT, "There are " + (total - invisible) + " users and " + invisible + " invisible on "
                + servers + " servers");
        out.numeric(c, RPL_LUSEROP, String.valueOf(opers), "operator(s) online");
        out.numeric(c, RPL_LUSERUNKNOWN, String.valueOf(unknown), "unknown connection(s)");
        out.numeric(c, RPL_LUSERCHANNELS, String.valueOf(channels.count()), "channels formed");
        // A node is linked to the others through one hub (Redis): one server, as a leaf of a classic network says.
        out.numeric(c, RPL_LUSERME, "I have " + local + " clients and " + (net.alone() ? 0 : 1) + " servers");
        String max = String.valueOf(users.maxRegistered());
        String lmax = String.valueOf(net.alone() ? users.maxRegistered() : localMax);
        out.numeric(c, RPL_LOCALUSERS, String.valueOf(local), lmax, "Current local users " + local + ", max " + lmax);
        out.numeric(c, RPL_GLOBALUSERS, String.valueOf(total), max, "Current global users " + total + ", max " + max);
    }

    // MOTD
    public void motd(Client c) {
        List<String> motd = config.get().motd();
        if (motd == null || motd.isEmpty()) {
            out.numeric(c, ERR_NOMOTD, "MOTD File is missing");
            return;
        }
        out.numeric(c, RPL_MOTDSTART, "- " + info.name() + " Message of the day - ");
        for (String line : motd) out.numeric(c, RPL_MOTD, "- " + line);
        out.numeric(c, RPL_ENDOFMOTD, "End of /MOTD command.");
    }
}
