package chatjar.state;

import chatjar.irc.CaseMapping;

import java.util.ArrayList;
import java.util.List;

/**
 * One of a channel's mask lists (+b bans, +e ban exceptions, +I invite exceptions), in the order set. Masks are
 * compared case-insensitively and kept folded beside the original, so matching a join or a message folds only
 * the user's prefix. An entry may be an extban ({@code m:nick!user@host}): {@link #matches} with the type letter
 * sees only those, and without it only plain masks.
 */
public final class MaskList {
    /** One entry as RPL_BANLIST and its siblings show it: the mask, who set it, when (Unix seconds). */
    public record Entry(String mask, String setBy, long setAt, String folded) {
        public Entry(String mask, String setBy, long setAt) {
            this(mask, setBy, setAt, CaseMapping.fold(mask));
        }

        /** The extban type letter ({@code m} of {@code m:...}), or 0 for a plain mask. */
        public char extban() {
            return extbanOf(mask);
        }
    }

    private final List<Entry> entries = new ArrayList<>(2);

    public List<Entry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** False when an equal mask is already listed. */
    public boolean add(Entry e) {
        for (Entry x : entries) if (x.folded().equals(e.folded())) return false;
        entries.add(e);
        return true;
    }

    public boolean remove(String mask) {
        String folded = CaseMapping.fold(mask);
        return entries.removeIf(x -> x.folded().equals(folded));
    }

    /** True when an entry of the given extban type (0 for plain masks) matches the folded prefix. */
    public boolean matches(String foldedPrefix, char extban) {
        for (Entry e : entries) {
            char type = e.extban();
            if (type != extban) continue;
            String mask = type == 0 ? e.folded() : e.folded().substring(2);
            if (Masks.matches(mask, foldedPrefix)) return true;
        }
        return false;
    }

    /**
     * The extban type of a mask: a single letter then a colon ({@code m:...}). A nick cannot hold a colon, so a
     * plain mask never looks like one.
     */
    public static char extbanOf(String mask) {
        return mask.length() > 2 && mask.charAt(1) == ':' && Character.isLetter(mask.charAt(0)) ? mask.charAt(0) : 0;
    }
}
