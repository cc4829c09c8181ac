package chatjar.cli;

import chatjar.ChatJar;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a new user reads first: {@code --help} of each command. */
class HelpTest {
    private static String help(String command) {
        return ChatJar.commandLine().getSubcommands().get(command).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void serverListsWhereItListensFirstAndTlsLast() {
        String h = help("server");
        assertThat(h.indexOf("  -p, --port=PORT")).isPositive().isLessThan(h.indexOf("      --bind=ADDRESS"));
        assertThat(h.indexOf("      --bind=ADDRESS")).isLessThan(h.indexOf("      --max-clients=N"));
        assertThat(h.indexOf("      --max-clients=N")).isLessThan(h.indexOf("      --tls-port=PORT"));
    }

    @Test
    void noParagraphIsBrokenByHandAndNoLineIsWiderThanATerminal() {
        for (String c : List.of("server", "client", "bench", "passwd")) {
            List<String> lines = help(c).lines().toList();
            assertThat(lines).as(c).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
            // Each description entry is printed as its own line(s): a sentence split over two entries breaks
            // in the middle of a line (the old bench and passwd help did). Entries are whole paragraphs,
            // blank, or indented examples.
            String[] entries = ChatJar.commandLine().getSubcommands().get(c).getCommandSpec().usageMessage().description();
            assertThat(entries).as(c).allSatisfy(e -> assertThat(e.isEmpty() || e.startsWith("  ") || e.matches("(?s).*[.:)]$")).isTrue());
        }
        assertThat(help("bench")).doesNotContain("Default:\n").doesNotContain("1000.\n"); // the default said twice
        assertThat(help("passwd")).contains("\n  pbkdf2-sha256$600000$salt$hash\n");
    }
}
