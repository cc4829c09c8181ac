package chatjar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Footprint's heap settings, applied to a VM of the test's own: setting this JVM's flags would change them for
 * every test that runs after in the same JVM (they are global and cannot be set back to "default").
 */
class FootprintTest {
    /** HotSpot's flag table for one VM: values with their origin, as the real MXBean reports them. */
    static final class Flags implements HotSpotDiagnosticMXBean {
        final Map<String, VMOption> options = new HashMap<>();

        Flags(String... nameValueOrigin) {
            for (int i = 0; i < nameValueOrigin.length; i += 3) {
                options.put(nameValueOrigin[i], new VMOption(nameValueOrigin[i], nameValueOrigin[i + 1], true,
                        VMOption.Origin.valueOf(nameValueOrigin[i + 2])));
            }
        }

        @Override
        public VMOption getVMOption(String name) {
            VMOption o = options.get(name);
            if (o == null) throw new IllegalArgumentException("no flag " + name);
            return o;
        }

        @Override
        public void setVMOption(String name, String value) {
            getVMOption(name);
            options.put(name, new VMOption(name, value, true, VMOption.Origin.MANAGEMENT));
        }

        @Override
        public List<VMOption> getDiagnosticOptions() {
            return List.copyOf(options.values());
        }

        @Override
        public void dumpHeap(String outputFile, boolean live) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ObjectName getObjectName() {
            return null;
        }
    }

    @Test
    void aServerHeapGivesBackWhatABurstGrewButAnOperatorsFlagWins() {
        Flags vm = new Flags("MinHeapFreeRatio", "40", "DEFAULT", "MaxHeapFreeRatio", "70", "DEFAULT",
                "G1PeriodicGCInterval", "0", "DEFAULT");
        assertThat(Footprint.apply(vm, true)).containsExactly("MinHeapFreeRatio=" + Footprint.MIN_FREE_PERCENT,
                "MaxHeapFreeRatio=" + Footprint.MAX_FREE_PERCENT, "G1PeriodicGCInterval=" + Footprint.PERIODIC_GC_MILLIS);
        assertThat(vm.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(String.valueOf(Footprint.MAX_FREE_PERCENT));
        assertThat(vm.getVMOption("MinHeapFreeRatio").getValue()).isEqualTo(String.valueOf(Footprint.MIN_FREE_PERCENT));

        Flags operator = new Flags("MinHeapFreeRatio", "40", "DEFAULT", "MaxHeapFreeRatio", "55", "VM_CREATION",
                "G1PeriodicGCInterval", "0", "DEFAULT");
        Footprint.apply(operator, false); // -XX:MaxHeapFreeRatio=55 on the command line; a serial-GC JVM
        assertThat(operator.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo("55");
        assertThat(operator.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo("0");
    }

    @Test
    void theFlagsItSetsExistAndAreSettableInThisJvm() {
        // Read only: the real VM still has the names and they are "manageable", so apply() is not a no-op there.
        HotSpotDiagnosticMXBean real = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (String f : List.of("MinHeapFreeRatio", "MaxHeapFreeRatio", "G1PeriodicGCInterval")) {
            assertThat(real.getVMOption(f).isWriteable()).as(f).isTrue();
        }
    }
}
