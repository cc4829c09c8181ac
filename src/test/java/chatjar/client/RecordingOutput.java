package chatjar.client;

import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** The client's screen for tests: records every line; {@code expect} waits for the next matching one. */
final class RecordingOutput implements Output {
    final List<Line> lines = new CopyOnWriteArrayList<>();
    volatile int windowChanges;
    private int cursor;

    @Override
    public void show(Line line) {
        lines.add(line);
    }

    @Override
    public void windowsChanged() {
        windowChanges++;
    }

    /** Waits for a line after the last match whose plain text contains {@code text}; returns it. */
    Line expect(String text) {
        int[] found = {-1};
        try {
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(5)).until(() -> {
                for (int i = cursor; i < lines.size(); i++) {
                    if (lines.get(i).plain().contains(text)) {
                        found[0] = i;
                        return true;
                    }
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("screen never showed '" + text + "'; after line " + cursor + " it showed: "
                    + lines.subList(Math.min(cursor, lines.size()), lines.size()).stream().map(Line::plain).toList());
        }
        cursor = found[0] + 1;
        return lines.get(found[0]);
    }

    List<String> plain() {
        return lines.stream().map(Line::plain).toList();
    }
}
