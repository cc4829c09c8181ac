package chatjar.store;

import java.util.List;
import java.util.Objects;

/**
 * One CHATHISTORY request for one target (TARGETS is separate: {@link HistoryStore#targets}). Every
 * subcommand reduces to one or two {@link Range}s of seq, which is what the stores implement.
 */
public record HistoryQuery(Subcommand subcommand, String target, Ref first, Ref second, int limit) {
    public enum Subcommand { BEFORE, AFTER, LATEST, AROUND, BETWEEN }

    public HistoryQuery {
        Objects.requireNonNull(subcommand, "subcommand");
        Objects.requireNonNull(target, "target");
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative");
        boolean needsFirst = subcommand != Subcommand.LATEST;
        if (needsFirst && first == null) throw new IllegalArgumentException(subcommand + " needs a reference");
        if (subcommand == Subcommand.BETWEEN && second == null) throw new IllegalArgumentException("BETWEEN needs two references");
    }

    public static HistoryQuery before(String target, Ref ref, int limit) {
        return new HistoryQuery(Subcommand.BEFORE, target, ref, null, limit);
    }

    public static HistoryQuery after(String target, Ref ref, int limit) {
        return new HistoryQuery(Subcommand.AFTER, target, ref, null, limit);
    }

    /** LATEST; {@code since} null for {@code *}, else only events after it. */
    public static HistoryQuery latest(String target, Ref since, int limit) {
        return new HistoryQuery(Subcommand.LATEST, target, since, null, limit);
    }

    public static HistoryQuery around(String target, Ref ref, int limit) {
        return new HistoryQuery(Subcommand.AROUND, target, ref, null, limit);
    }

    public static HistoryQuery between(String target, Ref from, Ref to, int limit) {
        return new HistoryQuery(Subcommand.BETWEEN, target, from, to, limit);
    }

    /**
     * Events with {@code above < seq < below}; of those the {@code limit} newest (or oldest), answered in
     * ascending order.
     */
    public record Range(long above, long below, int limit, boolean newest) {}

    /** The ranges to read, in the order their results are concatenated (the answer stays ascending). */
    public List<Range> ranges() {
        return switch (subcommand) {
            case BEFORE -> List.of(new Range(0, first.below(), limit, true));
            case AFTER -> List.of(new Range(first.above(), Long.MAX_VALUE, limit, false));
            case LATEST -> List.of(new Range(first == null ? 0 : first.above(), Long.MAX_VALUE, limit, true));
            // Half before, the rest from the reference on (a msgid reference includes its own message).
            case AROUND -> List.of(new Range(0, first.below(), limit / 2, true),
                    new Range(first.below() - 1, Long.MAX_VALUE, limit - limit / 2, false));
            case BETWEEN -> first.above() < second.below()
                    ? List.of(new Range(first.above(), second.below(), limit, false))
                    : List.of(new Range(second.above(), first.below(), limit, true));
        };
    }
}
