package io.github.alexnet4j.ablation;

import io.github.alexnet4j.train.CheckpointStore;
import io.github.alexnet4j.train.EpochMetrics;
import io.github.alexnet4j.train.MetricsLog;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.StoppedBySignalException;
import io.github.alexnet4j.train.Trainer;
import io.github.alexnet4j.train.TrainingSettings;
import io.github.alexnet4j.train.TrainingStoppedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs every (variant, seed) of a sweep as an ordinary training run, one after another, in
 * {@code <runs>/<sweep>/<variant>/seed-<n>/}. Restartable: a run whose {@code model.zip} exists is
 * finished and skipped, unless the sweep now gives it more epochs ({@link #longerRun}); a run with
 * checkpoints is resumed from them; others start fresh.
 */
public final class SweepRunner {
    private static final Logger log = LoggerFactory.getLogger(SweepRunner.class);

    public record RunRef(String variant, long seed, Path dir) {
        public boolean finished() {
            return Files.isRegularFile(dir.resolve("model.zip")) && Files.isRegularFile(dir.resolve("result.json"));
        }

        /** A run that stopped for good (diverged, out of memory): recorded, reported, not retried. */
        public boolean stopped() {
            return Files.isRegularFile(dir.resolve(STOPPED));
        }
    }

    static final String STOPPED = "stopped.txt";

    private final Sweep sweep;
    private final Path root;

    public SweepRunner(Sweep sweep, Path runsRoot) {
        this.sweep = sweep;
        this.root = runsRoot.resolve(sweep.name());
    }

    public Path root() {
        return root;
    }

    /** Seed-major order, so stopping early leaves complete seeds across all variants. */
    public List<RunRef> runs() {
        List<RunRef> runs = new ArrayList<>();
        for (long seed : sweep.seeds()) {
            for (String v : sweep.variants().keySet()) runs.add(new RunRef(v, seed, root.resolve(v).resolve("seed-" + seed)));
        }
        return runs;
    }

    public void runAll(boolean progressBar) throws IOException {
        List<RunRef> runs = runs();
        int i = 0;
        for (RunRef r : runs) {
            i++;
            RunConfig cfg;
            boolean resume;
            if (r.stopped() || r.finished()) {
                Optional<RunConfig> longer = r.stopped() ? Optional.empty() : longerRun(r);
                if (longer.isEmpty()) {
                    log.info("[{}/{}] {} seed {}: finished earlier, skipped", i, runs.size(), r.variant(), r.seed());
                    continue;
                }
                cfg = longer.get();
                resume = true;
                // no longer finished: stopped during the longer run, it resumes from its checkpoints next time
                Files.delete(r.dir().resolve("result.json"));
                log.info("[{}/{}] {} seed {}: ran out of epochs short of its target; carried on to at most {} epochs", i,
                        runs.size(), r.variant(), r.seed(), cfg.training().maxEpochs());
            } else {
                resume = !new CheckpointStore(r.dir().resolve("checkpoints"), 1).list().isEmpty();
                log.info("[{}/{}] {} seed {}: {}", i, runs.size(), r.variant(), r.seed(), resume ? "resuming" : "starting");
                cfg = resume ? RunConfig.load(r.dir().resolve("config.yaml"), List.of())
                        : RunConfig.load(sweep.config(), sweep.runOverrides(r.variant(), r.seed()));
            }
            try {
                new Trainer(cfg, r.dir(), new Trainer.Options(progressBar, "alexnet ablate (" + sweep.name() + ")")).run(resume);
            } catch (StoppedBySignalException e) {
                throw e;   // the user stopped the sweep: this run resumes from its checkpoint next time, no run follows
            } catch (TrainingStoppedException e) {
                // one variant diverging is a result, not a reason to abandon the sweep
                log.warn("[{}/{}] {} seed {} stopped: {}", i, runs.size(), r.variant(), r.seed(), e.getMessage());
                Files.writeString(r.dir().resolve(STOPPED), e.getMessage() + "\n");
            }
        }
    }

    /**
     * The finished run's config with the sweep's larger {@code training.maxEpochs}, when carrying the run on
     * from its last checkpoint gives exactly the run the sweep now asks for: it used all its epochs without
     * reaching its {@code training.stopAtTrainError}, its config is the sweep's but for the epoch cap, and
     * its learning rate does not depend on the run's length. So a Figure 1 sweep whose cap was too low is
     * finished by raising the cap, not by training every run again from the start.
     */
    Optional<RunConfig> longerRun(RunRef r) {
        Path saved = r.dir().resolve("config.yaml");
        RunConfig wanted = RunConfig.load(sweep.config(), sweep.runOverrides(r.variant(), r.seed()));
        RunConfig ran = RunConfig.load(saved, List.of());
        TrainingSettings t = ran.training();
        if (wanted.training().maxEpochs() <= t.maxEpochs() || ran.optimizer().schedule().dependsOnRunLength()) return Optional.empty();
        RunConfig longer = RunConfig.forResume(saved, List.of("training.maxEpochs=" + wanted.training().maxEpochs()));
        if (!longer.equals(wanted)) return Optional.empty();
        List<EpochMetrics> epochs = new MetricsLog(r.dir()).readAll();
        if (epochs.isEmpty() || new CheckpointStore(r.dir().resolve("checkpoints"), 1).list().isEmpty()) return Optional.empty();
        EpochMetrics last = epochs.get(epochs.size() - 1);
        boolean usedAllEpochs = last.epoch() >= t.maxEpochs();
        boolean reachedTarget = t.stopAtTrainError() > 0 && last.trainTop1Error() <= t.stopAtTrainError();
        return usedAllEpochs && !reachedTarget ? Optional.of(longer) : Optional.empty();
    }
}
