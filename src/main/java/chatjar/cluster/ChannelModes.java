package chatjar.cluster;

import chatjar.state.Channel;
import chatjar.state.Client;
import chatjar.state.MaskList;
import chatjar.state.Users;

import java.util.List;
import java.util.function.Consumer;

/**
 * Applies a channel MODE line another node has already checked and applied (so no permission is checked here):
 * the parameters as relayed, {@code #chan +o-v nick nick}. Modes this node does not know are skipped with the
 * argument the sender's table gives them.
 */
final class ChannelModes {
    private ChannelModes() { }

    static void apply(Channel ch, List<String> p, Users users, String by, long at, Consumer<Client> touched) {
        if (p.size() < 2) return;
        String modes = p.get(1);
        int arg = 2;
        boolean add = true;
        for (int i = 0; i < modes.length(); i++) {
            char m = modes.charAt(i);
            switch (m) {
                case '+' -> add = true;
                case '-' -> add = false;
                case 'C' -> ch.noCtcp = add;
                case 'i' -> ch.inviteOnly = add;
                case 'm' -> ch.moderated = add;
                case 'n' -> ch.noExternal = add;
                case 's' -> ch.secret = add;
                case 't' -> ch.topicLocked = add;
                case 'k' -> {
                    String key = arg < p.size() ? p.get(arg++) : null;
                    ch.key = add ? key : null;
                }
                case 'l' -> {
                    if (add && arg < p.size()) ch.limit = parse(p.get(arg++));
                    else if (!add) ch.limit = 0;
                }
                case 'b', 'e', 'I' -> {
                    if (arg >= p.size()) break;
                    String mask = p.get(arg++);
                    if (add) ch.addToList(m, new MaskList.Entry(mask, by, at));
                    else ch.removeFromList(m, mask);
                }
                case 'o', 'v' -> {
                    if (arg >= p.size()) break;
                    Client c = users.find(p.get(arg++));
                    if (c == null) break;
                    ch.setFlag(c, m == 'o' ? Channel.OP : Channel.VOICE, add);
                    if (c.local != null) touched.accept(c);
                }
                default -> {
                    // a mode with an argument we do not know (a newer node): keep the arguments aligned
                    if ("qahfj".indexOf(m) >= 0 && arg < p.size()) arg++;
                }
            }
        }
    }

    private static int parse(String s) {
        try {
            return Math.max(0, Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
