package chatjar.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HistogramTest {
    @Test
    void exactBelow128AndWithinTwoPercentAbove() {
        Histogram h = new Histogram();
        for (long v = 1; v <= 100_000; v++) h.record(v);
        assertThat(h.percentile(0.1)).isEqualTo(100);
        assertThat((double) h.percentile(50)).isCloseTo(50_000, within(1_000.0));
        assertThat((double) h.percentile(99)).isCloseTo(99_000, within(2_000.0));
        assertThat(h.percentile(100)).isEqualTo(100_000);
        assertThat(h.count()).isEqualTo(100_000);
    }

    @Test
    void bucketBoundsNeverUnderstate() {
        for (long v : new long[]{0, 1, 127, 128, 129, 255, 256, 1_000, 65_535, 1L << 30, 123_456_789}) {
            int i = Histogram.index(v);
            assertThat(Histogram.upperBound(i)).isGreaterThanOrEqualTo(v);
            if (i > 0) assertThat(Histogram.upperBound(i - 1)).isLessThan(v);
        }
    }

    @Test
    void mergedHistogramsCountBoth() {
        Histogram a = new Histogram();
        Histogram b = new Histogram();
        a.record(10);
        b.record(5_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(2);
        assertThat(a.max()).isEqualTo(5_000);
        assertThat(a.percentile(50)).isEqualTo(10);
    }
}
