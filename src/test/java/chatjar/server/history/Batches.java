package chatjar.server.history;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;

import java.util.ArrayList;
import java.util.List;

/** Reading a CHATHISTORY answer: the next batch of a type, its lines in order. */
final class Batches {
    private Batches() {}

    record Batch(Message open, List<Message> lines) {
        List<String> msgids() {
            return lines.stream().map(m -> m.tags().get("msgid")).toList();
        }

        List<String> texts() {
            return lines.stream().map(Message::last).toList();
        }
    }

    static Batch next(IrcTestClient c, String type) {
        Message open = c.expectMatch(m -> m.command().equals("BATCH") && m.param(0).startsWith("+")
                && type.equals(m.param(1)), "BATCH +.. " + type);
        String ref = open.param(0).substring(1);
        List<Message> lines = new ArrayList<>();
        while (true) {
            Message m = c.expectMatch(x -> ref.equals(x.tags().get("batch"))
                    || x.command().equals("BATCH") && ("-" + ref).equals(x.param(0)), "the rest of batch " + ref);
            if (m.command().equals("BATCH")) return new Batch(open, lines);
            lines.add(m);
        }
    }

    static Batch history(IrcTestClient c, String command) {
        c.send(command);
        return next(c, "chathistory");
    }
}
