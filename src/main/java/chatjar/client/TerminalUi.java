package chatjar.client;

import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.keymap.KeyMap;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The interactive screen: a JLine line editor whose prompt names the current window, with everything
 * incoming printed above the line being typed. Timestamps, a stable colour per nick, our own lines in bold.
 */
public final class TerminalUi implements Output, AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault());
    private static final int[] NICK_COLOURS = {AttributedStyle.CYAN, AttributedStyle.GREEN, AttributedStyle.YELLOW,
            AttributedStyle.BLUE, AttributedStyle.MAGENTA, AttributedStyle.RED,
            AttributedStyle.CYAN | AttributedStyle.BRIGHT, AttributedStyle.GREEN | AttributedStyle.BRIGHT,
            AttributedStyle.MAGENTA | AttributedStyle.BRIGHT, AttributedStyle.BLUE | AttributedStyle.BRIGHT};
    private static final AttributedStyle DIM = AttributedStyle.DEFAULT.faint();

    private final Terminal terminal;
    private volatile LineReader reader;
    private ChatClient client;

    private final Path historyFile;
    /** Whether the terminal's encoding has the control pictures (␛); else placeholders are ^[ style. */
    private final boolean unicode;

    /** {@code historyFile}: where typed lines are kept between sessions, or null to keep none. */
    public TerminalUi(Path historyFile) throws IOException {
        terminal = TerminalBuilder.builder().name("chat.jar").system(true).build();
        this.historyFile = historyFile;
        this.unicode = terminal.encoding().newEncoder().canEncode('\u241B');
    }

    /** Builds the line editor once the client exists: completion and Alt+number need it. */
    public void attach(ChatClient chatClient) {
        this.client = chatClient;
        DefaultParser parser = new DefaultParser();
        // Chat text is not shell syntax: an apostrophe or backslash must not open a quote or continue a line.
        parser.setEscapeChars(null);
        parser.setQuoteChars(new char[0]);
        LineReaderBuilder builder = LineReaderBuilder.builder();
        if (historyFile != null && InputHistory.prepare(historyFile)) {
            builder.history(new InputHistory()).variable(LineReader.HISTORY_FILE, historyFile);
        }
        LineReader r = builder
                .terminal(terminal)
                .appName("chat.jar")
                .parser(parser)
                .completer((lr, line, candidates) -> {
                    String word = line.word();
                    if (line.wordIndex() == 0 && word.startsWith("/")) {
                        for (String c : InputCommands.commandNames()) candidates.add(new Candidate(c));
                        return;
                    }
                    // A name with a control character in it would put that character on the screen: not offered.
                    for (String w : client.windows()) {
                        if (IrcText.plain(w, unicode).equals(w)) candidates.add(new Candidate(w));
                    }
                    for (String n : client.membersOf(client.current())) {
                        if (!client.casemap().equals(n, client.nick()) && IrcText.plain(n, unicode).equals(n)) {
                            candidates.add(new Candidate(n));
                        }
                    }
                })
                .build();
        r.setOpt(LineReader.Option.DISABLE_EVENT_EXPANSION); // "hi!" is not a history reference
        r.setOpt(LineReader.Option.ERASE_LINE_ON_FINISH); // the sent line comes back as "<ann> text", once
        r.unsetOpt(LineReader.Option.INSERT_TAB);
        for (int i = 1; i <= 9; i++) {
            String number = Integer.toString(i);
            String widget = "chatjar-window-" + i;
            r.getWidgets().put(widget, () -> {
                client.switchTo(number);
                return true;
            });
            r.getKeyMaps().get(LineReader.EMACS).bind(new Reference(widget), KeyMap.alt(number.charAt(0)));
        }
        reader = r;
        show(Line.of(Line.Kind.STATUS, null, "Type to chat; /help lists commands, Ctrl-D quits."));
    }

    /** Reads and handles lines until the user quits; returns the exit code. */
    public int run() {
        InputCommands commands = new InputCommands(client);
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException | EndOfFileException e) {
                client.quit(InputCommands.DEFAULT_QUIT);
                return 0;
            }
            if (!commands.handle(line)) return 0;
        }
    }

    private String prompt() {
        String cur = client == null ? null : client.current();
        return new AttributedStringBuilder()
                .style(AttributedStyle.BOLD).append("[").append(cur == null ? "status" : IrcText.plain(cur, unicode)).append("]")
                .style(AttributedStyle.DEFAULT).append(" ").toAnsi(terminal);
    }

    @Override
    public void show(Line line) {
        AttributedString s = client == null ? render(line, null, Casemap.RFC1459, unicode)
                : render(line, client.current(), client.casemap(), unicode);
        LineReader r = reader;
        if (r != null) {
            r.printAbove(s);
        } else {
            terminal.writer().println(s.toAnsi(terminal));
            terminal.flush();
        }
    }

    @Override
    public void windowsChanged() {
        LineReader r = reader;
        if (r == null) return;
        // The prompt names the window, so it changes while a line is being typed (Alt+number, a new query).
        if (r instanceof LineReaderImpl impl) impl.setPrompt(prompt());
        if (r.isReading()) {
            try {
                // REDISPLAY diffs against what is on screen, so a shorter prompt leaves no stale characters.
                r.callWidget(LineReader.REDISPLAY);
            } catch (IllegalStateException e) {
                // readLine returned meanwhile; the next one shows the new prompt anyway
            }
        }
    }

    /**
     * {@code line} as styled text. Everything that came from the network (window names, nicks, text) passes
     * through {@link IrcText}: formatting codes become styles, other controls visible placeholders.
     */
    static AttributedString render(Line line, String current, Casemap casemap, boolean unicode) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        if (line.replayed()) {
            // Scrollback: all of it dim, with the date it was said, so it never reads as something said just now.
            return b.style(DIM).append(line.plain(unicode)).toAttributedString();
        }
        b.style(DIM).append(TIME.format(Instant.ofEpochMilli(line.atMillis()))).append(' ');
        boolean elsewhere = line.window() != null && (current == null || !casemap.equals(line.window(), current));
        if (elsewhere && line.inChannel()) b.style(DIM).append(IrcText.plain(line.window(), unicode)).append(' ');
        b.style(AttributedStyle.DEFAULT);
        AttributedStyle text = AttributedStyle.DEFAULT;
        switch (line.kind()) {
            case MESSAGE -> {
                if (line.inChannel()) {
                    b.append('<');
                    nick(b, line.nick(), line.own(), casemap, unicode);
                    b.style(AttributedStyle.DEFAULT).append("> ");
                } else if (line.own()) {
                    b.style(DIM).append("-> ").style(AttributedStyle.DEFAULT).append('*');
                    nick(b, line.window(), false, casemap, unicode);
                    b.style(AttributedStyle.DEFAULT).append("* ");
                } else {
                    b.append('*');
                    nick(b, line.nick(), false, casemap, unicode);
                    b.style(AttributedStyle.DEFAULT).append("* ");
                }
                if (line.own()) text = AttributedStyle.BOLD;
            }
            case ACTION -> {
                b.append("* ");
                nick(b, line.nick(), line.own(), casemap, unicode);
                b.style(AttributedStyle.DEFAULT).append(' ');
                text = AttributedStyle.DEFAULT.italic();
            }
            case NOTICE -> {
                b.append('-');
                nick(b, line.own() && !line.inChannel() ? line.window() : line.nick(), line.own(), casemap, unicode);
                b.style(AttributedStyle.DEFAULT).append("- ");
            }
            case ERROR -> text = mark(b, AttributedStyle.RED, AttributedStyle.DEFAULT.foreground(AttributedStyle.RED));
            case STATUS -> text = mark(b, AttributedStyle.YELLOW, AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW));
            default -> text = mark(b, AttributedStyle.CYAN, AttributedStyle.DEFAULT);
        }
        IrcText.append(b, line.text(), text, unicode);
        return b.toAttributedString();
    }

    /** The "-!- " of events and news; returns the style of the text after it. */
    private static AttributedStyle mark(AttributedStringBuilder b, int colour, AttributedStyle text) {
        b.style(AttributedStyle.DEFAULT.foreground(colour)).append("-!- ");
        return text;
    }

    private static void nick(AttributedStringBuilder b, String nick, boolean own, Casemap casemap, boolean unicode) {
        if (nick == null) nick = "?";
        AttributedStyle style = own ? AttributedStyle.BOLD
                : AttributedStyle.DEFAULT.foreground(NICK_COLOURS[Math.floorMod(casemap.fold(nick).hashCode(), NICK_COLOURS.length)]);
        b.style(style).append(IrcText.plain(nick, unicode));
    }

    @Override
    public void close() throws IOException {
        terminal.close();
    }
}
