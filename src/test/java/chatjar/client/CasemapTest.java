package chatjar.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The three CASEMAPPING values servers advertise, and what an unknown one falls back to. */
class CasemapTest {
    @Test
    void eachMappingFoldsWhatItNames() {
        assertThat(Casemap.of("rfc1459").equals("Ann[]\\~", "ann{}|^")).isTrue();
        assertThat(Casemap.of("strict-rfc1459").equals("Ann[]\\", "ann{}|")).isTrue();
        assertThat(Casemap.of("strict-rfc1459").equals("ann~", "ann^")).isFalse();
        assertThat(Casemap.of("ascii").equals("ANN", "ann")).isTrue();
        assertThat(Casemap.of("ascii").equals("ann[", "ann{")).isFalse();
        assertThat(Casemap.of("rfc7613")).isEqualTo(Casemap.ASCII);
        assertThat(Casemap.RFC1459.equals(null, "a")).isFalse();
        assertThat(Casemap.ASCII.fold("Mixed[Case]")).isEqualTo("mixed[case]");
    }
}
