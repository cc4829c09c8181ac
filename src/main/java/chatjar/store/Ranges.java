package chatjar.store;

import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the stores to answer a {@link HistoryQuery} from {@link HistoryQuery.Range} reads. */
public final class Ranges {
    private Ranges() {}

    /** Reads one range of one target, ascending; run wherever the source may be touched. */
    @FunctionalInterface
    public interface Source {
        List<StoredEvent> read(String target, HistoryQuery.Range range) throws Exception;
    }

    public static List<StoredEvent> answer(HistoryQuery query, Source source) throws Exception {
        List<HistoryQuery.Range> ranges = query.ranges();
        if (ranges.size() == 1) return source.read(query.target(), ranges.get(0));
        List<StoredEvent> out = new ArrayList<>();
        for (HistoryQuery.Range r : ranges) out.addAll(source.read(query.target(), r));
        return out;
    }

    /** The union of two ascending answers to the same range, without duplicates, cut to the range's limit. */
    public static List<StoredEvent> merge(List<StoredEvent> a, List<StoredEvent> b, HistoryQuery.Range range) {
        if (b.isEmpty()) return a;
        if (a.isEmpty()) return b;
        List<StoredEvent> all = new ArrayList<>(a.size() + b.size());
        int i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            if (j == b.size() || i < a.size() && a.get(i).seq() < b.get(j).seq()) all.add(a.get(i++));
            else if (i == a.size() || b.get(j).seq() < a.get(i).seq()) all.add(b.get(j++));
            else { all.add(a.get(i++)); j++; }
        }
        if (all.size() <= range.limit()) return all;
        return range.newest() ? all.subList(all.size() - range.limit(), all.size()) : all.subList(0, range.limit());
    }
}
