package chatjar.e2e;

import java.nio.file.Path;

/** How a weechat-headless session is driven and read: its FIFO for input, its logger files for output. */
abstract class WeeChatClientTest extends RealClientTest {
    /** The name the test gives the server with {@code /server add}; buffers and logs are named after it. */
    protected abstract String serverName();

    protected Path fifo() {
        return dir.resolve("weechat_fifo");
    }

    @Override
    protected void say(String text) {
        writeFifo(fifo(), "irc." + serverName() + "." + CHANNEL + " *" + text);
    }

    @Override
    protected Path channelLog() {
        return dir.resolve("logs/irc." + serverName() + "." + CHANNEL + ".weechatlog");
    }

    @Override
    protected String heard(String nick, String text) {
        return "\t" + nick + "\t" + text;
    }

    @Override
    protected String nickChange(String from, String to) {
        return from + " is now known as " + to;
    }

    @Override
    protected String quit(String nick, String reason) {
        return nick + " (~other@127.0.0.1) has quit (" + reason + ")";
    }
}
