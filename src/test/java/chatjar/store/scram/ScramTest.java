package chatjar.store.scram;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScramTest {
    // RFC 7677 section 3: user "user", password "pencil".
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
            + "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramCredentials pencil() {
        return Scram.derive("pencil".toCharArray(), Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096);
    }

    @Test
    void rfc7677TestVector() throws Exception {
        ScramServer server = new ScramServer(() -> SERVER_NONCE);
        assertThat(server.clientFirst(CLIENT_FIRST)).isEqualTo("user");
        assertThat(server.serverFirst(pencil())).isEqualTo(SERVER_FIRST);
        assertThat(server.clientFinal(CLIENT_FINAL)).isEqualTo(SERVER_FINAL);
    }

    @Test
    void wrongPasswordFailsWithInvalidProof() throws Exception {
        ScramServer server = new ScramServer(() -> SERVER_NONCE);
        server.clientFirst(CLIENT_FIRST);
        server.serverFirst(Scram.derive("pen".toCharArray(), Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096));
        assertThatThrownBy(() -> server.clientFinal(CLIENT_FINAL)).isInstanceOf(ScramServer.Failure.class)
                .hasMessage("invalid-proof");
    }

    @Test
    void unknownUserGetsStableFakeSaltAndFails() throws Exception {
        ScramServer a = new ScramServer(() -> SERVER_NONCE);
        a.clientFirst("n,,n=nobody,r=abc");
        String first = a.serverFirst(null);
        ScramServer b = new ScramServer(() -> SERVER_NONCE);
        b.clientFirst("n,,n=nobody,r=abc");
        assertThat(b.serverFirst(null)).isEqualTo(first).contains(",i=" + Scram.DEFAULT_ITERATIONS);
        assertThatThrownBy(() -> a.clientFinal("c=biws,r=abc" + SERVER_NONCE + ",p=AAAA")).isInstanceOf(ScramServer.Failure.class);
    }

    @Test
    void refusesTamperedNonceBindingAndBadEncodings() throws Exception {
        ScramServer nonce = new ScramServer(() -> SERVER_NONCE);
        nonce.clientFirst(CLIENT_FIRST);
        nonce.serverFirst(pencil());
        assertThatThrownBy(() -> nonce.clientFinal(CLIENT_FINAL.replace("k0,", "k1,"))).hasMessage("other-error");

        ScramServer binding = new ScramServer(() -> SERVER_NONCE);
        binding.clientFirst(CLIENT_FIRST);
        binding.serverFirst(pencil());
        assertThatThrownBy(() -> binding.clientFinal(CLIENT_FINAL.replace("c=biws", "c=eSws"))).hasMessage("channel-bindings-dont-match");

        assertThatThrownBy(() -> new ScramServer().clientFirst("p=tls-unique,,n=user,r=x")).hasMessage("server-does-support-channel-binding");
        assertThatThrownBy(() -> new ScramServer().clientFirst("n,,n=us=er,r=x")).hasMessage("invalid-username-encoding");
        assertThatThrownBy(() -> new ScramServer().clientFirst("garbage")).hasMessage("invalid-encoding");
        assertThatThrownBy(() -> new ScramServer().clientFirst("n,,m=ext,n=user,r=x")).hasMessage("extensions-not-supported");
    }

    @Test
    void saslnameAndAuthzidDecode() throws Exception {
        ScramServer s = new ScramServer();
        assertThat(s.clientFirst("n,a=bo=2Cb,n=a=3Db,r=xyz")).isEqualTo("a=b");
        assertThat(s.authzid()).isEqualTo("bo,b");
    }

    @Test
    void credentialsRoundTripAndPlainVerification() {
        ScramCredentials c = Scram.derive("correct horse".toCharArray(), Scram.MIN_ITERATIONS);
        assertThat(ScramCredentials.decode(c.encode())).isEqualTo(c);
        assertThat(Scram.verifyPassword(c, "correct horse".toCharArray())).isTrue();
        assertThat(Scram.verifyPassword(c, "correct horsf".toCharArray())).isFalse();
        assertThat(c.toString()).doesNotContain(Base64.getEncoder().encodeToString(c.storedKey()));
    }

    @Test
    void saslPrepMapsSpacesAndNormalises() {
        // U+00A0 (no-break space) maps to a space; U+00AD (soft hyphen) to nothing; NFKC folds U+2168 to "IX".
        assertThat(new String(Scram.normalize("a\u00A0b\u00ADc\u2168".toCharArray()), StandardCharsets.UTF_8)).isEqualTo("a bcIX");
        assertThatThrownBy(() -> Scram.normalize("a\u0007".toCharArray())).isInstanceOf(IllegalArgumentException.class);
    }
}
