package io.github.alexnet4j.ablation;

import io.github.alexnet4j.train.CheckpointStore;
import io.github.alexnet4j.train.RunConfig;
import io.github.alexnet4j.train.StoppedBySignalException;
import io.github.alexnet4j.train.Trainer;
import io.github.alexnet4j.train.TrainingStoppedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs every (variant, seed) of a sweep as an ordinary training run, one after another, in
 * {@code <runs>/<sweep>/<variant>/seed-<n>/}. Restartable: a run whose {@code model.zip} exists is
 * finished and skipped; a run with checkpoints is resumed from them; others start fresh.
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
            if (r.finished() || r.stopped()) {
                log.info("[{}/{}] {} seed {}: finished earlier, skipped", i, runs.size(), r.variant(), r.seed());
                continue;
            }
            boolean resume = !new CheckpointStore(r.dir().resolve("checkpoints"), 1).list().isEmpty();
            log.info("[{}/{}] {} seed {}: {}", i, runs.size(), r.variant(), r.seed(), resume ? "resuming" : "starting");
            RunConfig cfg = resume ? RunConfig.load(r.dir().resolve("config.yaml"), List.of())
                    : RunConfig.load(sweep.config(), sweep.runOverrides(r.variant(), r.seed()));
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
}
