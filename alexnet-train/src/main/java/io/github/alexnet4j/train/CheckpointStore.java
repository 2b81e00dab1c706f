package io.github.alexnet4j.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoints of one run: {@code checkpoints/checkpoint-<iteration>.zip}, each a complete
 * {@link ModelPackage} with its {@link TrainState}, written atomically; the newest K are kept. On
 * resume a truncated or corrupt newest checkpoint is reported and the one before it used.
 */
public final class CheckpointStore {
    private static final Logger log = LoggerFactory.getLogger(CheckpointStore.class);

    private final Path dir;
    private final int keep;

    public CheckpointStore(Path dir, int keep) {
        this.dir = dir;
        this.keep = Math.max(1, keep);
    }

    /** Whether every weight of {@code net} is a finite number (a checkpoint must never hold NaN or ∞). */
    public static boolean finite(org.deeplearning4j.nn.graph.ComputationGraph net) {
        org.nd4j.linalg.api.ndarray.INDArray p = net.params();
        return org.nd4j.linalg.indexing.BooleanIndexing.and(p, org.nd4j.linalg.indexing.conditions.Conditions.isFinite());
    }

    /** Deletes the temporary files of checkpoints whose writing a crash interrupted. */
    public void removeUnfinished() {
        if (!Files.isDirectory(dir)) return;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("\\.checkpoint-\\d+\\.zip.*\\.tmp")).toList()) {
                log.info("Removing {}: a checkpoint whose writing was interrupted", p.getFileName());
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("Could not clean {}: {}", dir, e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    public Path pathFor(long iteration) {
        return dir.resolve(String.format("checkpoint-%09d.zip", iteration));
    }

    /** Newest first. */
    public List<Path> list() {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("checkpoint-\\d+\\.zip"))
                    .sorted(Comparator.comparing((Path p) -> p.getFileName().toString()).reversed()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public void prune() {
        List<Path> all = list();
        for (int i = keep; i < all.size(); i++) {
            try {
                Files.deleteIfExists(all.get(i));
            } catch (IOException e) {
                log.warn("Could not delete old checkpoint {}: {}", all.get(i), e.getMessage());
            }
        }
    }

    /** The newest checkpoint that loads, skipping (and naming) damaged ones. */
    public Optional<ModelPackage> loadLatest() {
        for (Path p : list()) {
            try {
                ModelPackage m = ModelPackage.read(p);
                if (m.state() == null) throw new IOException("no training state inside");
                log.info("Resuming from {} (epoch {}, iteration {})", p, m.state().epoch(), m.state().iteration());
                return Optional.of(m);
            } catch (IOException | RuntimeException e) {
                log.warn("Checkpoint {} is damaged ({}); trying the previous one", p, e.getMessage());
            }
        }
        return Optional.empty();
    }

    public Optional<Path> newest() {
        return list().stream().findFirst();
    }
}
