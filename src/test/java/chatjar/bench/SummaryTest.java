package chatjar.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The report of a bench/run.sh run, from the per-scenario JSON files a quick run leaves. */
class SummaryTest {
    @TempDir
    Path dir;

    private void write(String name, String json) throws Exception {
        Files.writeString(dir.resolve(name + ".json"), json);
    }

    @Test
    void aQuickRunIsLabelledWithItsRealSizesAndSaysWhatItSkipped() throws Exception {
        Files.writeString(dir.resolve("machine.txt"), "mode=quick\n");
        for (String c : new String[] {"chatjar-reactor", "inspircd"}) {
            write(c + "__idle-2k", "{\"clients_held_by_server\": 2000, \"rss_after_s\": 15, \"rss_unforced_per_client_bytes\": 12288,"
                    + " \"rss_per_client_bytes\": 3072.4, \"server_rss_before_kib\": 40000, \"server_rss_after_kib\": 46000}");
            write(c + "__connect-2k", "{\"registrations_per_s\": 165645.0, \"welcome_p99_ms\": 12.5, \"failed\": 0}");
        }
        write("chatjar-reactor__fanout-99k", "{\"rate\": 1000.0, \"offered_deliveries_per_s\": 99000, \"deliveries_per_s\": 98990,"
                + " \"p99_ms\": 1.234}");
        Path out = dir.resolve("out");
        Summary.main(new String[] {dir.toString(), out.toString()});
        String md = Files.readString(Path.of(out + ".md"));
        assertThat(md).contains("| connect-2k storm registrations/s |").contains("| idle-2k: RSS per client as top shows it B |")
                .contains("read 15 s after the clients registered")
                .contains("Skipped in quick mode")
                .contains("| 165,645 |").doesNotContain("165,645.00")
                .contains("| idle RSS per client as top shows it (B) | 12,288 | 12,288 | <= InspIRCd | yes |")
                .doesNotContain("10k").doesNotContain("5k");
    }

    @Test
    void aRetriedWindowIsDrawnOnceAtItsOfferedLoad() throws Exception {
        write("chatjar-reactor__find-max", "{\"steps\": ["
                + "{\"rate\": 2000.0, \"offered_deliveries_per_s\": 198000, \"deliveries_per_s\": 198000, \"p99_ms\": 3.0},"
                + "{\"rate\": 2200.0, \"offered_deliveries_per_s\": 217000, \"deliveries_per_s\": 150000, \"p99_ms\": 300.0},"
                + "{\"rate\": 2200.0, \"offered_deliveries_per_s\": 218000, \"deliveries_per_s\": 218000, \"p99_ms\": 4.0},"
                + "{\"rate\": 1100.0, \"offered_deliveries_per_s\": 99000, \"deliveries_per_s\": 99000, \"p99_ms\": 2.0}]}");
        Path out = dir.resolve("out");
        Summary.main(new String[] {dir.toString(), out.toString()});
        assertThat(Files.readAllLines(Path.of(out + "-charts.tsv")).stream().filter(l -> l.startsWith("p99\t")).toList())
                .containsExactly("p99\tchatjar-reactor\t99000.0\t2.0", "p99\tchatjar-reactor\t198000.0\t3.0",
                        "p99\tchatjar-reactor\t218000.0\t4.0");
    }
}
