package chatjar.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Joined channels and open queries in the order they were opened, and which one typed lines go to. No current
 * window (-1) is the status window: typed text goes nowhere. Only the user's own acts (joining, /query,
 * /switch) make a window current; a query never becomes current by itself, because the next line typed would
 * then go to one person privately.
 */
final class Windows {
    private final List<String> names = new ArrayList<>();
    private int current = -1;
    private Casemap casemap = Casemap.RFC1459;

    void casemap(Casemap c) {
        casemap = c;
    }

    String current() {
        return current < 0 ? null : names.get(current);
    }

    List<String> list() {
        return List.copyOf(names);
    }

    int indexOf(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (casemap.equals(names.get(i), name)) return i;
        }
        return -1;
    }

    /** Opens {@code name} if it is new, without making it current; returns true if it was new. */
    boolean add(String name) {
        if (indexOf(name) >= 0) return false;
        names.add(name);
        return true;
    }

    boolean select(String name) {
        int i = indexOf(name);
        if (i < 0) return false;
        current = i;
        return true;
    }

    /** 1-based, as Alt+1 .. Alt+9 and /switch 2 count. */
    boolean select(int number) {
        if (number < 1 || number > names.size()) return false;
        current = number - 1;
        return true;
    }

    /**
     * Closes a window. If it was current, the nearest channel before it (else after it) takes over, or the
     * status window when no channel is left: never a query.
     */
    boolean remove(String name) {
        int i = indexOf(name);
        if (i < 0) return false;
        boolean wasCurrent = i == current;
        names.remove(i);
        if (i < current) current--;
        if (wasCurrent) current = nearestChannel(i);
        return true;
    }

    private int nearestChannel(int around) {
        for (int k = Math.min(around, names.size()) - 1; k >= 0; k--) {
            if (Line.isChannel(names.get(k))) return k;
        }
        for (int k = around; k < names.size(); k++) {
            if (Line.isChannel(names.get(k))) return k;
        }
        return -1;
    }

    boolean rename(String from, String to) {
        int i = indexOf(from);
        if (i < 0) return false;
        names.set(i, to);
        return true;
    }
}
