package chatjar.server.handlers;

import chatjar.irc.CaseMapping;
import chatjar.irc.Message;
import chatjar.server.Commands;
import chatjar.server.Replies;
import chatjar.state.Channel;
import chatjar.state.Channels;
import chatjar.state.Client;
import chatjar.state.Masks;

import java.util.ArrayList;
import java.util.List;

import static chatjar.irc.Numerics.*;

/**
 * Questions about channels: NAMES of one or several channels, and LIST with the ELIST filters (Modern IRC, "ELIST
 * parameter"): {@code C} creation time, {@code M} mask, {@code N} negated mask, {@code T} topic time, {@code U} user
 * count. Secret channels are shown to their members only.
 */
public final class ChannelQueries {
    /** What ISUPPORT advertises. */
    public static final String ELIST = "CMNTU";

    private final Replies out;
    private final Channels channels;
    private final Membership membership;

    public ChannelQueries(Replies out, Channels channels, Membership membership) {
        this.out = out;
        this.channels = channels;
        this.membership = membership;
    }

    public void register(Commands t) {
        t.add("NAMES", 0, false, this::names);
        t.add("LIST", 0, false, this::list);
    }

    // NAMES [<channel>{,<channel>}]
    private void names(Client c, Message m) {
        if (m.paramCount() == 0 || m.param(0).isEmpty()) {
            out.numeric(c, RPL_ENDOFNAMES, "*", "End of /NAMES list");
            return;
        }
        // Each channel's 353s, then one 366 naming the channels as asked (as InspIRCd and Ergo answer).
        for (String name : m.param(0).split(",")) {
            Channel ch = name.isEmpty() ? null : channels.find(name);
            if (ch != null && (!ch.secret || ch.has(c))) membership.sendNameReplies(c, ch);
        }
        out.numeric(c, RPL_ENDOFNAMES, m.param(0), "End of /NAMES list");
    }

    // LIST [<channel>{,<channel>} | <elistcond>{,<elistcond>}]
    private void list(Client c, Message m) {
        out.numeric(c, RPL_LISTSTART, "Channel", "Users  Name");
        Filter f = m.paramCount() > 0 && !m.param(0).isEmpty() ? Filter.parse(m.param(0)) : Filter.ALL;
        if (f.exactNames != null) {
            for (String name : f.exactNames) {
                Channel ch = channels.find(name);
                if (ch != null && visible(c, ch)) entry(c, ch);
            }
        } else {
            long now = System.currentTimeMillis() / 1000;
            for (Channel ch : channels.all()) if (visible(c, ch) && f.accepts(ch, now)) entry(c, ch);
        }
        out.numeric(c, RPL_LISTEND, "End of /LIST");
    }

    private static boolean visible(Client c, Channel ch) {
        return !ch.secret || ch.has(c);
    }

    private void entry(Client c, Channel ch) {
        out.numeric(c, RPL_LIST, ch.name, String.valueOf(ch.size()), ch.topic == null ? "" : ch.topic);
    }

    /**
     * A LIST argument: plain channel names (looked up directly), or conditions that must all hold, where several
     * masks are alternatives. Ages are in minutes: {@code C<5} means created less than five minutes ago, {@code T>5}
     * a topic set more than five minutes ago (the reading the Modern documents settled on, as InspIRCd and Solanum).
     */
    record Filter(List<String> exactNames, List<String> masks, List<String> notMasks, int minUsers, int maxUsers,
                  long createdWithin, long createdBefore, long topicWithin, long topicBefore) {
        static final Filter ALL = new Filter(null, List.of(), List.of(), -1, Integer.MAX_VALUE, -1, -1, -1, -1);

        static Filter parse(String arg) {
            List<String> names = new ArrayList<>();
            List<String> masks = new ArrayList<>();
            List<String> notMasks = new ArrayList<>();
            int minUsers = -1, maxUsers = Integer.MAX_VALUE;
            long cWithin = -1, cBefore = -1, tWithin = -1, tBefore = -1;
            boolean conditions = false;
            for (String tok : arg.split(",")) {
                if (tok.isEmpty()) continue;
                char k = tok.charAt(0);
                if ((k == '<' || k == '>') && number(tok, 1) >= 0) {
                    conditions = true;
                    int n = (int) Math.min(number(tok, 1), Integer.MAX_VALUE);
                    if (k == '<') maxUsers = Math.min(maxUsers, n - 1);
                    else minUsers = Math.max(minUsers, n + 1);
                } else if ((k == 'C' || k == 'T' || k == 'c' || k == 't') && tok.length() > 2
                        && (tok.charAt(1) == '<' || tok.charAt(1) == '>') && number(tok, 2) >= 0) {
                    conditions = true;
                    long seconds = Math.min(number(tok, 2), Long.MAX_VALUE / 120) * 60;
                    boolean less = tok.charAt(1) == '<';
                    if (k == 'C' || k == 'c') {
                        if (less) cWithin = cWithin < 0 ? seconds : Math.min(cWithin, seconds);
                        else cBefore = Math.max(cBefore, seconds);
                    } else {
                        if (less) tWithin = tWithin < 0 ? seconds : Math.min(tWithin, seconds);
                        else tBefore = Math.max(tBefore, seconds);
                    }
                } else if (k == '!') {
                    conditions = true;
                    notMasks.add(CaseMapping.fold(tok.substring(1)));
                } else if (tok.indexOf('*') >= 0 || tok.indexOf('?') >= 0) {
                    conditions = true;
                    masks.add(CaseMapping.fold(tok));
                } else {
                    names.add(tok);
                    masks.add(CaseMapping.fold(tok)); // a plain name among conditions is a mask matching itself
                }
            }
            return new Filter(conditions ? null : names, masks, notMasks, minUsers, maxUsers, cWithin, cBefore,
                    tWithin, tBefore);
        }

        boolean accepts(Channel ch, long nowSeconds) {
            int users = ch.size();
            if (users < minUsers || users > maxUsers) return false;
            long age = nowSeconds - ch.createdSeconds;
            if (createdWithin >= 0 && !(age < createdWithin)) return false;
            if (createdBefore >= 0 && !(age > createdBefore)) return false;
            if (topicWithin >= 0 || topicBefore >= 0) {
                if (ch.topic == null) return false;
                long topicAge = nowSeconds - ch.topicSetAt;
                if (topicWithin >= 0 && !(topicAge < topicWithin)) return false;
                if (topicBefore >= 0 && !(topicAge > topicBefore)) return false;
            }
            if (!masks.isEmpty()) {
                boolean any = false;
                for (String mask : masks) if (Masks.matches(mask, ch.nameFolded)) { any = true; break; }
                if (!any) return false;
            }
            for (String mask : notMasks) if (Masks.matches(mask, ch.nameFolded)) return false;
            return true;
        }

        /** The decimal number from {@code from} to the end, or -1 if it is not one (capped, never overflowing). */
        private static long number(String s, int from) {
            if (from >= s.length() || s.length() - from > 12) return -1;
            long n = 0;
            for (int i = from; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch < '0' || ch > '9') return -1;
                n = n * 10 + (ch - '0');
            }
            return n;
        }
    }
}
