package chatjar.bench;

import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** One simulated IRC client. Owned by one {@link Worker} thread; a handful of fields, nothing per line. */
final class Bot {
    static final byte NEW = 0, CONNECTING = 1, REGISTERING = 2, REGISTERED = 3, JOINED = 4, DEAD = -1;
    /** {@link #ws}: plain TCP; upgrade request sent (the 101 not yet read); frames both ways. */
    static final byte WS_NONE = 0, WS_UPGRADING = 1, WS_OPEN = 2;

    final int index;
    final int channel;
    final byte[] nick;
    SocketChannel socket;
    SelectionKey key;
    byte state = NEW;
    byte ws = WS_NONE;
    long startedNanos;

    /** The unfinished tail of the last read (a line is at most 512 bytes, tags aside); allocated on demand. */
    byte[] partial;
    int partialLen;

    /** Bytes the kernel would not take yet; null almost always. */
    byte[] unsent;
    int unsentLen;

    /** Last sequence number seen from each sender, for loss and duplicate counting; allocated on first message. */
    int[] lastSeq;

    /** As a sender: the next sequence number. */
    int seq;

    Bot(int index, int channel, byte[] nick) {
        this.index = index;
        this.channel = channel;
        this.nick = nick;
    }

    boolean inFlight() {
        return state == CONNECTING || state == REGISTERING || (state == REGISTERED && channel >= 0);
    }
}
