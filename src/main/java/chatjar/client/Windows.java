package chatjar.client;

import chatjar.irc.CaseMapping;

import java.util.ArrayList;
import java.util.List;

/** Joined channels and open queries in the order they were opened, and which one typed lines go to. */
final class Windows {
    private final List<String> names = new ArrayList<>();
    private int current = -1;

    String current() {
        return current < 0 ? null : names.get(current);
    }

    List<String> list() {
        return List.copyOf(names);
    }

    int indexOf(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (CaseMapping.equals(names.get(i), name)) return i;
        }
        return -1;
    }

    /** Opens {@code name} if it is new; returns true if it was. The first window becomes current. */
    boolean add(String name) {
        if (indexOf(name) >= 0) return false;
        names.add(name);
        if (current < 0) current = 0;
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

    /** Closes a window; if it was current, the one before it (or the first) takes over. */
    boolean remove(String name) {
        int i = indexOf(name);
        if (i < 0) return false;
        names.remove(i);
        if (names.isEmpty()) current = -1;
        else if (i < current || (i == current && current > 0)) current--;
        return true;
    }

    boolean rename(String from, String to) {
        int i = indexOf(from);
        if (i < 0) return false;
        names.set(i, to);
        return true;
    }
}
