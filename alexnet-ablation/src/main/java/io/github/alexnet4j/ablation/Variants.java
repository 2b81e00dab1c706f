package io.github.alexnet4j.ablation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's ablations by name, each a set of config overrides, with the effect the paper reports
 * (change in top-1 / top-5 error when the paper's ingredient is REMOVED, in percentage points;
 * NaN where the paper gives no number).
 */
public final class Variants {

    public record Known(String name, List<String> overrides, double paperTop1Delta, double paperTop5Delta, String claim) {
    }

    private static final Map<String, Known> KNOWN = new LinkedHashMap<>();

    static {
        add("baseline", List.of(), 0, 0, "the paper's network");
        add("no-lrn", List.of("model.lrn=false"), 1.4, 1.2, "Section 3.3: LRN reduces top-1/top-5 error by 1.4/1.2 %");
        add("non-overlapping-pooling", List.of("model.poolSize=2", "model.poolStride=2"), 0.4, 0.3,
                "Section 3.4: overlapping pooling (z=3, s=2) reduces top-1/top-5 error by 0.4/0.3 % vs z=2, s=2");
        add("one-tower", List.of("model.towers=1", "model.convWidths=[48, 128, 192, 192, 256]"), 1.7, 1.2,
                "Section 3.2: two GPUs reduce top-1/top-5 error by 1.7/1.2 % vs one GPU with half the kernels");
        add("no-dropout", List.of("model.dropout=0"), Double.NaN, Double.NaN,
                "Section 4.2: without dropout the network overfits substantially");
        add("no-pca-lighting", List.of("data.lightingStd=0"), 1.0, Double.NaN,
                "Section 4.1: PCA lighting reduces top-1 error by over 1 %");
        add("no-augmentation", List.of("data.lightingStd=0", "data.augment=false"), Double.NaN, Double.NaN,
                "Section 4.1: without augmentation the network suffers substantial overfitting");
        add("no-conv3", List.of("model.removedConvLayer=3"), 2.0, Double.NaN,
                "Section 7: removing any middle layer costs about 2 % top-1");
        add("no-conv4", List.of("model.removedConvLayer=4"), 2.0, Double.NaN,
                "Section 7: removing any middle layer costs about 2 % top-1");
        add("no-conv5", List.of("model.removedConvLayer=5"), 2.0, Double.NaN,
                "Section 7: removing any middle layer costs about 2 % top-1");
        add("tanh", List.of("model.nonlinearity=TANH"), Double.NaN, Double.NaN,
                "Section 3.1 / Figure 1: ReLUs reach 25 % training error six times faster than tanh");
    }

    private static void add(String name, List<String> o, double t1, double t5, String claim) {
        KNOWN.put(name, new Known(name, o, t1, t5, claim));
    }

    private Variants() {
    }

    public static Known known(String name) {
        return KNOWN.get(name);
    }

    public static java.util.Set<String> names() {
        return KNOWN.keySet();
    }
}
