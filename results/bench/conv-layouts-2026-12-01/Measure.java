import org.bytedeco.dnnl.memory;
import org.bytedeco.javacpp.FloatPointer;
import java.util.Arrays;
import java.util.Random;

/**
 * What every micro-benchmark here shares: buffers filled with the same random data, and medians. Uses only
 * what oneDNN 2.5's and 3.3's Java presets have in common, so it compiles beside either.
 */
final class Measure {
    private Measure() {
    }

    /** Normal values (σ 0.1, seed 1): uninitialised buffers hold denormals and NaNs, which are slow. */
    static void fill(memory m) {
        long floats = m.get_desc().get_size() / 4;
        var fp = new FloatPointer(m.get_data_handle()).capacity(floats);
        var r = new Random(1);
        for (long i = 0; i < floats; i++) fp.put(i, (float) (r.nextGaussian() * 0.1));
    }

    static double median(double[] t) {
        double[] m = t.clone();
        Arrays.sort(m);
        return m[m.length / 2];
    }
}
