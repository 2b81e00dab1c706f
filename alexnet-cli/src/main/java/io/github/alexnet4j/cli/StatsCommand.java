package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.layouts.DatasetLayout;
import io.github.alexnet4j.data.Datasets;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.DatasetStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Compute (or show) the training set's mean image and RGB principal components, as training uses them.")
final class StatsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() {
        RunConfig cfg = config.load();
        BadImageReport bad = new BadImageReport();
        DatasetLayout.Split split = Datasets.open(cfg.data());
        DatasetStats s = Datasets.stats(split, cfg.data(), bad, System.console() != null);
        System.out.printf("images: %d at %d×%d%n", s.images(), s.storedSize(), s.storedSize());
        System.out.printf("mean RGB: %.2f %.2f %.2f%n", s.channelMean()[0], s.channelMean()[1], s.channelMean()[2]);
        for (int i = 0; i < 3; i++) {
            System.out.printf("λ%d = %.5f  p%d = (%.4f, %.4f, %.4f)%n", i + 1, s.eigenvalues()[i], i + 1,
                    s.eigenvectors()[i][0], s.eigenvectors()[i][1], s.eigenvectors()[i][2]);
        }
        System.out.println(bad.summary());
        return 0;
    }
}
