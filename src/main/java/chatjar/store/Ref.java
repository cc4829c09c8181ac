package chatjar.store;

/**
 * A CHATHISTORY reference ({@code msgid=...} or {@code timestamp=...}) turned into bounds on seq. References
 * are exclusive, as the specification says: BEFORE a msgid excludes that message, BEFORE a timestamp excludes
 * every event in that millisecond.
 */
public record Ref(long seq, boolean isTimestamp) {
    /** A msgid reference, or null when the msgid is not one this server made (answer INVALID_MSGREFTYPE/empty). */
    public static Ref msgid(String msgid) {
        long seq = MsgIds.parse(msgid);
        return seq < 0 ? null : new Ref(seq, false);
    }

    /** A timestamp reference, epoch milliseconds. */
    public static Ref timestamp(long millis) {
        return new Ref(MsgIds.firstSeqAt(millis), true);
    }

    /** Every event before the reference has a seq below this. */
    public long below() {
        return seq;
    }

    /** Every event after the reference has a seq above this. */
    public long above() {
        return isTimestamp ? seq + (1L << (MsgIds.NODE_BITS + MsgIds.COUNTER_BITS)) - 1 : seq;
    }
}
