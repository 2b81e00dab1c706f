package io.github.alexnet4j.ablation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The resolution table rebuilt from a sweep's table.csv, on numbers whose verdicts are known by hand. */
class ResolutionTableTest {

    private static final String HEADER = "variant,runs,top1,top1_std,delta_top1,delta_top1_ci_low,delta_top1_ci_high,paper_delta_top1,verdict\n";

    @Test
    void verdictsFollowTheDetectableEffect(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("table.csv");
        Files.writeString(csv, HEADER
                + "baseline,3,40.0,1.0,0.000,-2.0,2.0,0.00,\n"
                + "wide,3,41.0,1.0,1.000,-1.27,3.27,0.40,\n"            // n.s., paper's 0.4 far below what 3 seeds of sd 1 detect
                + "tight,3,40.1,0.01,0.100,-0.10,0.30,5.00,\n"          // n.s., yet a 5-point effect would have shown
                + "big,3,45.0,1.0,5.000,2.73,7.27,1.40,\n"              // significant, same sign
                + "flipped,3,35.0,1.0,-5.000,-7.27,-2.73,1.40,\n"       // significant, opposite sign
                + "nopaper,3,41.0,1.0,1.000,-1.27,3.27,—,\n");
        String md = ResolutionTable.markdown(csv);
        // detectable for sd 1 vs sd 1, 3 seeds each: (t_0.975 + t_0.8) at 4 dof times sqrt(2/3)
        double expected = (2.7764451 + 0.9409646) * Math.sqrt(2.0 / 3);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| wide | 3 | +1.00 [-1.27, +3.27] | +0.40 | %.2f | cannot tell at this budget |", expected)), md);
        assertTrue(md.contains("| tight |") && md.lines().filter(l -> l.startsWith("| tight |")).findFirst().orElseThrow().endsWith("| disagrees |"), md);
        assertTrue(md.lines().filter(l -> l.startsWith("| big |")).findFirst().orElseThrow().endsWith("| agrees |"), md);
        assertTrue(md.lines().filter(l -> l.startsWith("| flipped |")).findFirst().orElseThrow().endsWith("| disagrees |"), md);
        assertTrue(md.contains(String.format(java.util.Locale.ROOT, "| nopaper | 3 | +1.00 [-1.27, +3.27] | — | %.2f | — |", expected)),
                "no paper number, no verdict: " + md);
        assertFalse(md.contains("| baseline |"), "the baseline is what the others are compared with");
    }

    @Test
    void aFileThatIsNotASweepTableIsNamed(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("other.csv");
        Files.writeString(csv, "a,b\n1,2\n");
        IOException e = assertThrows(IOException.class, () -> ResolutionTable.markdown(csv));
        assertTrue(e.getMessage().contains("other.csv") && e.getMessage().contains("no column"), e.getMessage());
    }
}
