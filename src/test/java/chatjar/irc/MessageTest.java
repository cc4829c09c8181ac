package chatjar.irc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTest {
    @Test
    void parsesTagsPrefixCommandAndTrailing() {
        Message m = Message.parse("@time=2026-01-01T00:00:00Z;+draft/x=a\\sb :nick!u@h privmsg #c :hello there");
        assertThat(m.tags()).containsEntry("time", "2026-01-01T00:00:00Z").containsEntry("+draft/x", "a b");
        assertThat(m.prefix()).isEqualTo("nick!u@h");
        assertThat(m.sourceNick()).isEqualTo("nick");
        assertThat(m.command()).isEqualTo("PRIVMSG");
        assertThat(m.params()).containsExactly("#c", "hello there");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "PING x|PING|x",
            "USER a 0 * :Real Name|USER|a,0,*,Real Name",
            "PRIVMSG #c ::)|PRIVMSG|#c,:)",
            "PRIVMSG #c :|PRIVMSG|#c,",
            "MODE  #c   +o   bob|MODE|#c,+o,bob",
    })
    void parsesParams(String line, String command, String params) {
        Message m = Message.parse(line);
        assertThat(m.command()).isEqualTo(command);
        assertThat(m.params()).containsExactlyElementsOf(List.of(params.split(",", -1)));
    }

    @Test
    void linesWithoutCommandAreNull() {
        assertThat(Message.parse("")).isNull();
        assertThat(Message.parse("     ")).isNull();
        assertThat(Message.parse(":prefix.only")).isNull();
        assertThat(Message.parse(":prefix ")).isNull();
        assertThat(Message.parse("@a=b")).isNull();
    }

    @Test
    void moreThanFifteenParamsFoldIntoTheLast() {
        Message m = Message.parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17");
        assertThat(m.paramCount()).isEqualTo(15);
        assertThat(m.last()).isEqualTo("15 16 17");
    }

    @Test
    void serialisesWithTrailingOnlyWhenNeeded() {
        assertThat(Message.of("s", "PRIVMSG", "#c", "hi").toString()).isEqualTo(":s PRIVMSG #c hi");
        assertThat(Message.of("s", "PRIVMSG", "#c", "hi there").toString()).isEqualTo(":s PRIVMSG #c :hi there");
        assertThat(Message.of(null, "TOPIC", "#c", "").toString()).isEqualTo("TOPIC #c :");
        assertThat(Message.of(null, "X", ":colon").toString()).isEqualTo("X ::colon");
    }

    @Test
    void tagValuesRoundTripThroughEscaping() {
        String raw = "semi;colon space\\back\r\nnewline";
        Message m = new Message(Map.of("+k", raw), null, "TAGMSG", List.of("#c"));
        Message back = Message.parse(m.toString());
        assertThat(back.tags()).containsEntry("+k", raw);
    }

    @Test
    void caseMappingIsRfc1459() {
        assertThat(CaseMapping.fold("Nick[]\\~")).isEqualTo("nick{}|^");
        assertThat(CaseMapping.equals("#Chan", "#cHAN")).isTrue();
        String folded = "already";
        assertThat(CaseMapping.fold(folded)).isSameAs(folded);
    }
}
