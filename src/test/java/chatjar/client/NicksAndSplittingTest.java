package chatjar.client;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NicksAndSplittingTest {
    @Test
    void defaultNickFromOsUserNameIsValid() {
        assertThat(Nicks.fromUserName("ann")).isEqualTo("ann");
        assertThat(Nicks.fromUserName("Jane Doe")).isEqualTo("jane_doe");
        assertThat(Nicks.fromUserName("svc.build")).isEqualTo("svc_build");
        assertThat(Nicks.fromUserName("1337")).isEqualTo("u1337");
        assertThat(Nicks.fromUserName("-x")).isEqualTo("u-x");
        assertThat(Nicks.fromUserName("żółw")).isEqualTo("w");
        assertThat(Nicks.fromUserName("日本")).isEqualTo("guest");
        assertThat(Nicks.fromUserName("")).isEqualTo("guest");
        assertThat(Nicks.fromUserName(null)).isEqualTo("guest");
        assertThat(Nicks.fromUserName("averyveryverylongusername")).hasSize(Nicks.SAFE_LENGTH);
    }

    @Test
    void suffixesStayWithinTheSafeLength() {
        assertThat(Nicks.suffixed("ann", 1)).isEqualTo("ann_");
        assertThat(Nicks.suffixed("ann", 2)).isEqualTo("ann2");
        assertThat(Nicks.suffixed("abcdefghijklmnop", 12)).isEqualTo("abcdefghijklmn12");
    }

    @Test
    void longTextIsSplitAtSpacesWithinTheByteBudget() {
        String word = "żółw ";
        String text = word.repeat(200).strip();
        int budget = TextSplitter.budget("PRIVMSG", "#lobby");
        List<String> pieces = TextSplitter.split(text, budget);
        assertThat(pieces).hasSizeGreaterThan(1);
        for (String p : pieces) {
            assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(budget);
            assertThat(p).startsWith("żółw").endsWith("żółw");
        }
        assertThat(String.join(" ", pieces)).isEqualTo(text);
        assertThat(TextSplitter.split("short", budget)).containsExactly("short");
        assertThat(TextSplitter.split("x".repeat(1000), 300)).hasSize(4).allMatch(p -> p.length() <= 300);
    }
}
