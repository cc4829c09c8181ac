package chatjar.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client's SCRAM-SHA-256 against RFC 7677's example exchange, and the answers it must refuse. */
class ScramClientTest {
    static final String NONCE = "rOprNGfwEbeRWgbNEkqO";
    static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";

    @Test
    void rfc7677Example() throws Exception {
        ScramClient c = new ScramClient("user", "pencil".toCharArray(), NONCE);
        assertThat(c.clientFirst()).isEqualTo("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
        assertThat(c.clientFinal(SERVER_FIRST)).isEqualTo(
                "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        c.serverFinal("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }

    @Test
    void aServerThatDoesNotKnowOurKeysIsRefused() throws Exception {
        ScramClient c = new ScramClient("user", "pencil".toCharArray(), NONCE);
        c.clientFirst();
        c.clientFinal(SERVER_FIRST);
        assertThatThrownBy(() -> c.serverFinal("v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))
                .hasMessage("the server's SCRAM signature is wrong");
    }

    @Test
    void badChallengesAreRefused() {
        ScramClient c = new ScramClient("user", "pencil".toCharArray(), NONCE);
        c.clientFirst();
        assertThatThrownBy(() -> c.clientFinal("r=someoneElse123,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"))
                .hasMessage("SCRAM nonce mismatch");
        assertThatThrownBy(() -> c.clientFinal("r=" + NONCE + "x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=999999999"))
                .hasMessageContaining("iteration count");
        assertThatThrownBy(() -> c.clientFinal("r=" + NONCE + "x,i=4096")).hasMessage("malformed SCRAM challenge");
    }

    @Test
    void namesWithCommasAndEqualsAreEscaped() {
        assertThat(new ScramClient("a,b=c", "pw".toCharArray(), NONCE).clientFirst()).isEqualTo("n,,n=a=2Cb=3Dc,r=" + NONCE);
    }
}
