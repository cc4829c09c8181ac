package chatjar.bench;

/**
 * A log-linear histogram of microsecond values: exact below 128, then 64 buckets per power of two, so any
 * reported percentile is within 1.6 % of the true value. Recording is an array increment, nothing allocates.
 */
public final class Histogram {
    private static final int LINEAR = 128;
    private static final int PER_OCTAVE = 64;
    private final long[] counts = new long[LINEAR + 40 * PER_OCTAVE];
    private long total;
    private long max;
    private long sum;

    public void record(long micros) {
        if (micros < 0) micros = 0;
        counts[index(micros)]++;
        total++;
        sum += micros;
        if (micros > max) max = micros;
    }

    static int index(long v) {
        if (v < LINEAR) return (int) v;
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - 6;
        int i = LINEAR + (shift - 1) * PER_OCTAVE + (int) (v >> shift) - PER_OCTAVE;
        return Math.min(i, LINEAR + 40 * PER_OCTAVE - 1);
    }

    /** The largest value that falls in bucket {@code i}: percentiles err high, never low. */
    static long upperBound(int i) {
        if (i < LINEAR) return i;
        int shift = (i - LINEAR) / PER_OCTAVE + 1;
        long sub = (i - LINEAR) % PER_OCTAVE + PER_OCTAVE;
        return ((sub + 1) << shift) - 1;
    }

    public void add(Histogram o) {
        for (int i = 0; i < counts.length; i++) counts[i] += o.counts[i];
        total += o.total;
        sum += o.sum;
        max = Math.max(max, o.max);
    }

    public long count() {
        return total;
    }

    public long max() {
        return max;
    }

    public double mean() {
        return total == 0 ? 0 : (double) sum / total;
    }

    /** The value at or below which {@code p} percent of the recorded values fall; 0 when empty. */
    public long percentile(double p) {
        if (total == 0) return 0;
        long rank = (long) Math.ceil(total * p / 100.0);
        if (rank < 1) rank = 1;
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) return Math.min(upperBound(i), max);
        }
        return max;
    }
}
