package chatjar.state;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WhowasTest {
    private static Whowas.Entry entry(String nick, String realname) {
        return new Whowas.Entry(nick, nick.toLowerCase(), "u", "h", realname, "srv", 0);
    }

    @Test
    void newestFirstAndCountLimits() {
        Whowas w = new Whowas(10);
        w.add(entry("ann", "one"));
        w.add(entry("bob", "x"));
        w.add(entry("Ann", "two"));
        w.add(entry("ann", "three"));
        assertThat(w.find("ann", 0)).extracting(Whowas.Entry::realname).containsExactly("three", "two", "one");
        assertThat(w.find("ann", -1)).hasSize(3);
        assertThat(w.find("ann", 2)).extracting(Whowas.Entry::realname).containsExactly("three", "two");
        assertThat(w.find("carl", 0)).isEmpty();
    }

    @Test
    void memoryIsBoundedByTheRing() {
        Whowas w = new Whowas(3);
        for (int i = 0; i < 100; i++) w.add(entry("n" + i, "r" + i));
        assertThat(w.size()).isEqualTo(3);
        assertThat(w.find("n0", 0)).isEmpty();
        assertThat(w.find("n99", 0)).hasSize(1);
    }
}
