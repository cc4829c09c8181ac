package chatjar.server.caps;

import chatjar.irc.Message;
import chatjar.server.LocalUser;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * labeled-response without touching any handler: while a labeled command runs, everything addressed to its
 * sender is held here; when the handler returns the replies go out as one labeled line, a labeled ACK, or a
 * {@code labeled-response} batch. Commands run one at a time on the loop, so one instance serves the server.
 */
public final class LabeledResponse {
    /** The spec caps labels at 64 bytes; a longer one is ignored rather than echoed. */
    static final int MAX_LABEL = 64;

    private LocalUser client;
    private String label;
    private final List<Outgoing> held = new ArrayList<>();
    private long batchCounter;

    /** Starts holding replies to {@code c} if it asked for labels and tagged this command with one. */
    public void begin(LocalUser c, Message m) {
        // QUIT closes the link inside the handler, so a held ERROR would never be sent.
        if (!Cap.LABELED_RESPONSE.in(c.caps) || m.command().equals("QUIT")) return;
        String l = m.tags().get("label");
        if (l == null || l.isEmpty() || l.length() > MAX_LABEL) return;
        client = c;
        label = l;
    }

    public boolean holds(LocalUser c) {
        return client == c;
    }

    /**
     * For a command answered later, off the loop's stack (CHATHISTORY): stops holding for {@code c} and returns
     * its label (null if none), which the command puts on its own answer; nothing is sent at the end.
     */
    public String detach(LocalUser c) {
        if (client != c) return null;
        String l = label;
        client = null;
        label = null;
        return l;
    }

    /**
     * Holds replies to {@code c} again under a label {@link #detach}ed earlier, for an answer that came back
     * through the loop (a nick claimed on other nodes); {@link #end} follows. False, and nothing held, when another
     * command is being wrapped or there is no label.
     */
    public boolean resume(LocalUser c, String l) {
        if (l == null || client != null) return false;
        client = c;
        label = l;
        return true;
    }

    public void hold(Outgoing o) {
        held.add(o);
    }

    /** Releases what was held, wrapped as the spec asks; {@code deliver} is the sendq-checked path out. */
    public void end(String serverName, String time, BiConsumer<LocalUser, byte[]> deliver) {
        LocalUser c = client;
        if (c == null) return;
        client = null;
        String labelTag = "label=" + Message.escapeTag(label);
        try {
            if (held.isEmpty()) {
                deliver.accept(c, Outgoing.server(":" + serverName + " ACK", time).bytesFor(c.caps, labelTag));
            } else if (held.size() == 1) {
                deliver.accept(c, held.get(0).bytesFor(c.caps, labelTag));
            } else if (Cap.BATCH.in(c.caps)) {
                String ref = "L" + Long.toString(++batchCounter, 36);
                deliver.accept(c, Outgoing.server(":" + serverName + " BATCH +" + ref + " labeled-response", time)
                        .bytesFor(c.caps, labelTag));
                for (Outgoing o : held) deliver.accept(c, o.bytesFor(c.caps, "batch=" + ref));
                deliver.accept(c, (":" + serverName + " BATCH -" + ref + "\r\n").getBytes(StandardCharsets.UTF_8));
            } else {
                for (Outgoing o : held) deliver.accept(c, o.bytesFor(c.caps));
            }
        } finally {
            held.clear();
        }
    }
}
