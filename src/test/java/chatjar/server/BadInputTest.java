package chatjar.server;

import chatjar.irc.Message;
import chatjar.testing.IrcTestClient;
import chatjar.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken and hostile input, each case on its own connection. After every case a witness on another connection
 * must still get its PONG: one bad client never stops the loop or hurts anyone else.
 */
@Timeout(60)
class BadInputTest {
    TestServer server = new TestServer();
    IrcTestClient witness;

    @BeforeEach
    void witness() {
        witness = server.register("witness");
    }

    @AfterEach
    void stop() {
        witness.close();
        server.close();
    }

    private void serverStillAnswers() {
        witness.sync();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void nulBytes() {
        try (IrcTestClient c = server.register("nul")) {
            c.sendRaw(bytes("\0\0\0\r\nPING :a\0b\r\n\0"));
            assertThat(c.expect("PONG").last()).isEqualTo("a b");
            c.sync();
        }
        serverStillAnswers();
    }

    @Test
    void loneCarriageReturnsEndLines() {
        try (IrcTestClient c = server.register("cr")) {
            c.sendRaw(bytes("PING :one\rPING :two\r"));
            c.expect("PONG", "chat.local", "one");
            c.expect("PONG", "chat.local", "two");
        }
        serverStillAnswers();
    }

    @Test
    void a64KiBLineWithoutNewlineIsDroppedWith417() {
        try (IrcTestClient c = server.register("longline")) {
            byte[] big = new byte[64 * 1024];
            Arrays.fill(big, (byte) 'A');
            c.sendRaw(big);
            serverStillAnswers(); // while the long line is still unfinished
            c.sendRaw(bytes("\r\nPING :after\r\n"));
            c.expect("417");
            c.expect("PONG", "chat.local", "after");
        }
        serverStillAnswers();
    }

    @Test
    void oneMebibyteOfRandomBytes() {
        try (IrcTestClient c = server.connect()) {
            byte[] noise = new byte[1 << 20];
            new Random(5).nextBytes(noise);
            try {
                c.sendRaw(noise);
            } catch (java.io.UncheckedIOException closedWhileWriting) {
                // expected: a connection that sends only junk lines is closed after a few of them
            }
            serverStillAnswers();
            c.expectClosed();
            assertThat(c.allLines()).noneMatch(l -> l.contains("guest"));
        }
        serverStillAnswers();
    }

    private static final byte[] INVALID_UTF8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80};

    private static byte[] line(String head, byte[] middle, String tail) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        b.writeBytes(middle);
        b.writeBytes((tail + "\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    @Test
    void beforeRegistrationInvalidUtf8BecomesReplacementCharacters() {
        try (IrcTestClient c = server.connect()) {
            c.send("NICK early"); // an IRC client, not a plain-text one; not registered yet
            c.sendRaw(line("PING :", INVALID_UTF8, ""));
            assertThat(c.expect("PONG").last()).startsWith("\uFFFD(\uFFFD").doesNotContain("\0");
        }
        serverStillAnswers();
    }

    @Test
    void utf8onlyRefusesInvalidUtf8FromRegisteredClientsWithFailAndRelaysNothing() {
        try (IrcTestClient c = server.register("utf")) {
            witness.send("JOIN #u");
            witness.expect("366");
            c.send("JOIN #u");
            witness.expect("JOIN", "#u");
            c.sendRaw(line("PRIVMSG #u :caf", new byte[]{(byte) 0xE9}, " latin-1"));
            c.expect("FAIL", "PRIVMSG", "INVALID_UTF8");
            c.sendRaw(line("PING :", INVALID_UTF8, ""));
            c.expect("FAIL", "PING", "INVALID_UTF8");
            // A real U+FFFD is valid UTF-8 and goes through: only malformed bytes are refused.
            c.send("PRIVMSG #u :caf\u00e9 \uFFFD ok");
            assertThat(witness.expect("PRIVMSG", "#u").last()).isEqualTo("caf\u00e9 \uFFFD ok");
            assertThat(witness.allLines()).noneMatch(l -> l.contains("latin-1"));
            // QUIT still works, with the bytes replaced: nobody is kept from leaving.
            c.sendRaw(line("QUIT :bye ", new byte[]{(byte) 0xFF}, ""));
            assertThat(witness.expect("QUIT").last()).isEqualTo("Quit: bye \uFFFD");
            c.expectClosed();
        }
        serverStillAnswers();
    }

    @Test
    void emptyLinesAndLinesOfOnlySpacesAreIgnored() {
        try (IrcTestClient c = server.register("empty")) {
            c.sendRaw(bytes("\r\n\r\n\n\n\r\r     \r\n \n"));
            c.sync();
            assertThat(c.allLines().subList(c.allLines().size() - 1, c.allLines().size())).allMatch(l -> l.contains("PONG"));
            assertThat(c.allLines()).noneMatch(l -> l.contains(" 421 "));
        }
        serverStillAnswers();
    }

    @Test
    void prefixWithoutCommandIsIgnored() {
        try (IrcTestClient c = server.register("prefix")) {
            c.sendRaw(bytes(":nick!u@h\r\n:nick   \r\n@tag=1 :x\r\n@only\r\n"));
            c.sync();
            assertThat(c.allLines()).noneMatch(l -> l.contains(" 421 ") || l.startsWith("ERROR"));
        }
        serverStillAnswers();
    }

    @Test
    void numericCommandsFromClientsAreUnknown() {
        try (IrcTestClient c = server.register("numeric")) {
            c.send("001 numeric :Welcome to my own network");
            c.expect("421", "numeric", "001");
            c.send(":chat.local 433 * numeric :spoofed");
            c.expect("421", "numeric", "433");
        }
        serverStillAnswers();
    }

    @Test
    void moreThanFifteenParametersAreFoldedIntoTheLast() {
        try (IrcTestClient c = server.register("params")) {
            c.send("PING " + String.join(" ", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20".split(" ")));
            c.expect("PONG", "chat.local", "1");
            c.send("PRIVMSG a b c d e f g h i j k l m n o p q r s t :u");
            c.expect("401", "params", "a");
        }
        serverStillAnswers();
    }

    @Test
    void trailingParameterOfOnlyAColonIsEmpty() {
        try (IrcTestClient c = server.register("colon")) {
            c.send("PRIVMSG witness :");
            c.expect("412");
            c.send("PING :");
            c.expect("PONG", "chat.local", "");
        }
        serverStillAnswers();
    }

    @Test
    void unknownCommandsGet421() {
        try (IrcTestClient c = server.register("unknown")) {
            c.send("FROB");
            c.expect("421", "unknown", "FROB");
            c.send("frob :lower case too");
            c.expect("421", "unknown", "FROB");
        }
        serverStillAnswers();
    }

    @Test
    void commandsBeforeRegistrationGet451() {
        try (IrcTestClient c = server.connect()) {
            c.send("NICK early");
            for (String cmd : new String[]{"JOIN #x", "PRIVMSG witness :hi", "MODE early +i", "FROB", "WHOIS witness"}) {
                c.send(cmd);
                c.expect("451");
            }
            // The 451s above came after each command was handled; a PING from the witness is handled after that
            // and its PONG arrives after anything relayed to it, so once it is back nothing more can come.
            witness.sync();
            assertThat(witness.allLines()).map(Message::parse).noneMatch(m -> m != null && m.command().equals("PRIVMSG"));
        }
        serverStillAnswers();
    }

    @Test
    void anExceptionInAHandlerClosesOnlyThatConnectionAndIsLoggedOnceWithThePeer() {
        server.onLoop(s -> {
            s.commands().replace("BOOM", (c, m) -> { throw new IllegalStateException("injected failure"); });
            return null;
        });
        PrintStream oldErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (IrcTestClient victim = server.register("victim")) {
            witness.send("JOIN #room");
            witness.expect("366");
            victim.send("JOIN #room");
            witness.expect("JOIN", "#room");
            victim.send("BOOM");
            victim.expectClosed();
            assertThat(witness.expect("QUIT").last()).isEqualTo("Internal error");
            serverStillAnswers();
        } finally {
            System.setErr(oldErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log.split("java.lang.IllegalStateException: injected failure", -1)).as(log).hasSize(2);
        assertThat(log).contains("after an error in its handling").contains("@127.0.0.1");
    }

    @Test
    void anExceptionWhileDrainingAFloodBacklogClosesOnlyThatConnection() {
        server.close();
        server = new TestServer(ServerConfig.defaults().withLimits(ServerConfig.Limits.defaults().toBuilder()
                .floodBurst(1).floodPerSecond(20).build()));
        witness = server.register("witness");
        server.onLoop(s -> {
            s.commands().replace("BOOM", (c, m) -> { throw new IllegalStateException("injected in backlog"); });
            return null;
        });
        try (IrcTestClient victim = server.register("victim")) {
            // The first line uses the burst (AWAY: a PING would be paid from the cheap budget); BOOM waits in the
            // backlog and fails on a loop timer.
            victim.sendRaw(bytes("AWAY :first\r\nBOOM\r\nPING :never\r\n"));
            victim.expect("ERROR");
            victim.expectClosed();
            assertThat(victim.allLines()).noneMatch(l -> l.endsWith("never"));
        }
        serverStillAnswers();
    }
}
