package chatjar.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ii, the file-based client: commands go into FIFOs, everything seen comes out in plain files. No CAP at all. */
@Timeout(90)
class IiTest extends RealClientTest {
    @Test
    void chatsWithoutCapabilities() {
        require("ii", "ii");
        start(List.of("ii", "-s", "127.0.0.1", "-p", String.valueOf(server.port), "-n", "iiuser", "-i", dir.toString()),
                dir.resolve("ii.out"));
        writeFifo(serverDir().resolve("in"), "/j " + CHANNEL);
        awaitMember("iiuser");
        assertThat(capsOf("iiuser")).isZero();
        converse("iiuser");
    }

    private Path serverDir() {
        return dir.resolve("127.0.0.1");
    }

    @Override
    protected void say(String text) {
        writeFifo(serverDir().resolve(CHANNEL).resolve("in"), text);
    }

    @Override
    protected Path channelLog() {
        return serverDir().resolve(CHANNEL).resolve("out");
    }

    /** ii does not track membership, so NICK and QUIT land in the server's out file. */
    @Override
    protected Path eventLog() {
        return serverDir().resolve("out");
    }

    @Override
    protected String heard(String nick, String text) {
        return "<" + nick + "> " + text;
    }

    @Override
    protected String nickChange(String from, String to) {
        return "-!- " + from + " changed nick to " + to;
    }

    @Override
    protected String quit(String nick, String reason) {
        return "-!- " + nick + "(~other@127.0.0.1) has quit \"" + reason + "\"";
    }
}
