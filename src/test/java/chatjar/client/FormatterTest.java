package chatjar.client;

import chatjar.client.Line.Kind;
import chatjar.irc.Message;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Server lines → what the user reads. Our nick is "ann" throughout. */
class FormatterTest {
    final Formatter formatter = new Formatter();

    String plain(String raw) {
        Line l = formatter.format(Message.parse(raw), "ann");
        return l == null ? null : l.plain();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ":tom!~tom@h PRIVMSG #lobby :hello all      | #lobby <tom> hello all",
            ":tom!~tom@h PRIVMSG ann :psst              | *tom* psst",
            ":tom!~tom@h PRIVMSG #lobby :\u0001ACTION waves\u0001 | #lobby * tom waves",
            ":tom!~tom@h PRIVMSG ann :\u0001VERSION\u0001 | -!- tom sent a CTCP VERSION request",
            ":tom!~tom@h NOTICE ann :fyi                | -tom- fyi",
            ":chat.local NOTICE ann :server says        | -chat.local- server says",
            ":tom!~tom@h JOIN #lobby                    | -!- tom (~tom@h) joined #lobby",
            ":ann!~ann@h JOIN :#lobby                   | -!- You joined #lobby",
            ":tom!~tom@h PART #lobby :bye               | -!- tom left #lobby (bye)",
            ":tom!~tom@h PART #lobby                    | -!- tom left #lobby",
            ":tom!~tom@h QUIT :Quit: gone               | -!- tom quit (Quit: gone)",
            ":tom!~tom@h KICK #lobby bob :spam          | -!- tom kicked bob from #lobby (spam)",
            ":tom!~tom@h KICK #lobby ann                | -!- You were kicked from #lobby by tom",
            ":tom!~tom@h NICK tommy                     | -!- tom is now known as tommy",
            ":ann!~ann@h NICK :annie                    | -!- You are now known as annie",
            ":tom!~tom@h TOPIC #lobby :New topic        | -!- tom changed the topic of #lobby to: New topic",
            ":tom!~tom@h TOPIC #lobby :                 | -!- tom cleared the topic of #lobby",
            ":tom!~tom@h MODE #lobby +o ann             | -!- tom sets mode +o ann on #lobby",
            ":ann MODE ann :+i                          | -!- Your user mode changed: +i",
            ":tom!~tom@h INVITE ann #secret             | -!- tom invites you to #secret (type /join #secret)",
            ":s 401 ann bob :No such nick/channel       | -!- No such nick: bob",
            ":s 403 ann #x :No such channel             | -!- No such channel: #x",
            ":s 404 ann #x :Cannot send to channel (+m) | -!- Cannot send to #x (Cannot send to channel (+m))",
            ":s 433 ann bob :Nickname is already in use | -!- Nick bob is already in use",
            ":s 442 ann #x :You're not on that channel  | -!- You are not on #x",
            ":s 482 ann #x :You're not channel operator | -!- You need to be a channel operator on #x",
            ":s 474 ann #x :Cannot join channel (+b)    | -!- Cannot join #x: you are banned",
            ":s 421 ann FOO :Unknown command            | -!- The server does not know the command FOO",
            ":s 499 ann #x :Something new               | -!- Something new: #x",
            ":s 332 ann #lobby :Be kind                 | -!- Topic of #lobby: Be kind",
            ":s 353 ann = #lobby :@tom ann              | -!- Users on #lobby: @tom ann",
            ":s 322 ann #lobby 3 :Be kind               | -!- #lobby (3 users): Be kind",
            ":s 322 ann #lobby 3 :                      | -!- #lobby (3 users)",
            ":s 311 ann tom ~tom h * :Tom T             | -!- tom is ~tom@h (Tom T)",
            ":s 319 ann tom :@#lobby #two               | -!- tom is on @#lobby #two",
            ":s 317 ann tom 75 :seconds idle            | -!- tom has been idle for 1m 15s",
            ":s 301 ann tom :lunch                      | -!- tom is away: lunch",
            ":s 671 ann tom :is using a secure connection | -!- tom is using a secure connection (TLS)",
            ":s 330 ann tom tommy :is logged in as      | -!- tom is logged in as tommy",
            ":s 381 ann :You are now an IRC operator    | -!- You are now an IRC operator",
            ":s 464 ann :Password incorrect             | -!- Wrong password",
            ":s 491 ann :No O-lines for your host       | -!- No operator block matches your name and host",
            ":s 352 ann #lobby ~tom h s tom G :0 Tom T  | -!- #lobby  tom (~tom@h) Tom T [away]",
            ":s 372 ann :- Be kind                      | -!- - Be kind",
    })
    void rendersSentences(String raw, String expected) {
        assertThat(plain(raw)).isEqualTo(expected);
    }

    @Test
    void protocolChatterAndEndMarkersAreSilent() {
        assertThat(plain("PING :x")).isNull();
        assertThat(plain(":s 366 ann #lobby :End of /NAMES list")).isNull();
        assertThat(plain(":s 005 ann CASEMAPPING=rfc1459 :are supported")).isNull();
        assertThat(plain(":s FROB x")).isNull();
    }

    @Test
    void kindsDecideWhatPipeModePrints() {
        assertThat(formatter.format(Message.parse(":s 001 ann :Welcome"), "ann").kind()).isEqualTo(Kind.BANNER);
        assertThat(formatter.format(Message.parse(":s NOTICE * :*** Looking up"), "ann").kind()).isEqualTo(Kind.BANNER);
        assertThat(formatter.format(Message.parse(":s 401 ann x :No"), "ann").kind()).isEqualTo(Kind.ERROR);
        assertThat(formatter.format(Message.parse(":s 332 ann #a :t"), "ann").window()).isEqualTo("#a");
        assertThat(formatter.format(Message.parse(":tom!u@h PRIVMSG ann :hi"), "ann").window()).isEqualTo("tom");
    }

    @Test
    void ownLinesRenderAsSent() {
        assertThat(Line.chat(Kind.MESSAGE, "#lobby", "ann", "hi", true).plain()).isEqualTo("#lobby <ann> hi");
        assertThat(Line.chat(Kind.MESSAGE, "tom", "ann", "hi", true).plain()).isEqualTo("-> *tom* hi");
        assertThat(Line.chat(Kind.NOTICE, "tom", "ann", "hi", true).plain()).isEqualTo("-> -tom- hi");
        assertThat(Line.chat(Kind.ACTION, "#lobby", "ann", "waves", true).plain()).isEqualTo("#lobby * ann waves");
    }

    /** echo-message and scrollback bring our own lines back from the server: they belong where they went. */
    @Test
    void ourEchoedLinesAreOwnAndBelongToTheirConversation() {
        Line toTom = formatter.format(Message.parse(":ann!u@h PRIVMSG tom :hi"), "ann");
        assertThat(toTom.own()).isTrue();
        assertThat(toTom.plain()).isEqualTo("-> *tom* hi");
        assertThat(formatter.format(Message.parse(":ann!u@h PRIVMSG #lobby :\u0001ACTION waves\u0001"), "ann").own()).isTrue();
        assertThat(formatter.format(Message.parse(":tom!u@h PRIVMSG ann :hi"), "ann").own()).isFalse();
    }

    @Test
    void standardRepliesAndRegistrationRead() {
        assertThat(plain(":s FAIL REGISTER ACCOUNT_EXISTS ann :That account already exists"))
                .isEqualTo("-!- Registration failed: That account already exists");
        assertThat(plain(":s REGISTER SUCCESS ann :Account created")).isEqualTo("-!- Registered the account ann and logged in to it");
        assertThat(plain(":s FAIL CHATHISTORY INVALID_TARGET AFTER #x :Messages could not be retrieved"))
                .isEqualTo("-!- Scrollback unavailable: Messages could not be retrieved");
        assertThat(plain(":s BATCH +x chathistory #a")).isNull();
    }

    @Test
    void scrollbackIsDimAndDatedOnTheScreen() {
        long at = java.time.Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();
        Line old = Line.chat(Kind.MESSAGE, "#lobby", "tom", "earlier", false).replayedAt(at);
        assertThat(old.plain()).matches("\\[2026-12-0[12] \\d\\d:\\d\\d] #lobby <tom> earlier");
        org.jline.utils.AttributedString shown = TerminalUi.render(old, "#lobby", Casemap.RFC1459, true);
        assertThat(shown.toString()).isEqualTo(old.plain());
        for (int i = 0; i < shown.length(); i++) {
            assertThat(shown.styleAt(i)).as("character %d", i).isEqualTo(org.jline.utils.AttributedStyle.DEFAULT.faint());
        }
    }
}
