package chatjar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class FootprintTest {
    private final HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void aServerHeapGivesBackWhatABurstGrewButAnOperatorsFlagWins() {
        // This test JVM starts without heap flags, so the defaults (40/70) must be replaced.
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getOrigin().toString()).isIn("DEFAULT", "ERGONOMIC");
        Footprint.apply();
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(String.valueOf(Footprint.MAX_FREE_PERCENT));
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(String.valueOf(Footprint.MIN_FREE_PERCENT));

        vm.setVMOption("MaxHeapFreeRatio", "55"); // no longer a default, as if given with -XX on the command line
        Footprint.apply();
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("55");
    }
}
