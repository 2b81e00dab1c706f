package io.github.alexnet4j.train.report;

import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.TrainingOutcome;
import java.util.Map;

/** {@code report.md}: the short report of a run: what was trained, how it did, and where the numbers came from. */
public final class RunReportMarkdown {

    private RunReportMarkdown() {
    }

    public static String of(RunConfig cfg, TrainingOutcome r, Map<String, String> machine, double wallSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Run `").append(cfg.name()).append("`\n\n");
        sb.append("## Result\n\n| metric | value |\n|---|---|\n");
        sb.append(String.format("| validation top-1 error, centre crop | %.2f %% |%n", 100 * r.center().top1Error()));
        sb.append(String.format("| validation top-5 error, centre crop | %.2f %% |%n", 100 * r.center().top5Error()));
        if (r.tenCrop() != null) {
            sb.append(String.format("| validation top-1 error, ten crops | %.2f %% |%n", 100 * r.tenCrop().top1Error()));
            sb.append(String.format("| validation top-5 error, ten crops | %.2f %% |%n", 100 * r.tenCrop().top5Error()));
        }
        sb.append(String.format("| validation accuracy, centre crop | %.2f %% |%n", 100 * (1 - r.center().top1Error())));
        sb.append(String.format("| validation images | %d |%n", r.center().images()));
        sb.append(String.format("| epochs trained | %.2f |%n", r.history().isEmpty() ? 0 : r.history().get(r.history().size() - 1).epoch()));
        sb.append(String.format("| iterations | %d |%n", r.finalState().iteration()));
        sb.append(String.format("| training time | %.0f s |%n", r.finalState().trainSeconds()));
        sb.append(String.format("| wall time (incl. statistics and evaluation) | %.0f s |%n", wallSeconds));
        sb.append(String.format("| parameters | %,d |%n", r.parameters()));
        sb.append(String.format("| bad images skipped | %d |%n", r.badImages().count()));
        sb.append("\n## Per epoch\n\n| epoch | loss | train top-1 err | val top-1 err | val top-5 err | lr | img/s |\n|---|---|---|---|---|---|---|\n");
        for (EpochMetrics m : r.history()) {
            sb.append(String.format("| %.2f | %.4f | %.2f %% | %.2f %% | %.2f %% | %.3g | %.0f |%n", m.epoch(), m.trainLoss(),
                    100 * m.trainTop1Error(), 100 * m.valTop1Error(), 100 * m.valTop5Error(), m.learningRate(),
                    m.imagesPerSecond()));
        }
        sb.append("\n## Per class (centre crop)\n\n").append(r.center().classNames().size() <= 100 ? r.center().perClassTable() : "(more than 100 classes: see eval)\n");
        sb.append("\n![curves](curves.png)\n\n![confusion](confusion.png)\n");
        sb.append("\n## Provenance\n\n").append(MachineInfo.markdown(machine));
        sb.append("\n## Configuration\n\n```yaml\n").append(cfg.toYaml()).append("```\n");
        return sb.toString();
    }
}
