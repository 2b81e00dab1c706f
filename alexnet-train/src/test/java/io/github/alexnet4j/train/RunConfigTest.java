package io.github.alexnet4j.train;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.Implementation;
import io.github.alexnet4j.model.InvalidConfigException;
import io.github.alexnet4j.model.LrnPlacement;
import io.github.alexnet4j.train.schedule.AtFractions;
import io.github.alexnet4j.train.schedule.Plateau;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RunConfigTest {

    static final Path CONFIGS = Path.of(System.getProperty("alexnet.home", "..")).resolve("configs");

    @Test
    void shippedConfigsParseAndTheEffectiveConfigRoundTrips() {
        for (String f : List.of("cifar10.yaml", "paper-imagenet.yaml", "cifar10-long.yaml", "finetune-cifar10.yaml")) {
            RunConfig c = RunConfig.load(CONFIGS.resolve(f), List.of());
            assertEquals(c, RunConfig.parse(c.toYaml(), List.of()), f);
        }
        RunConfig paper = RunConfig.load(CONFIGS.resolve("paper-imagenet.yaml"), List.of());
        assertEquals(227, paper.model().inputSize());
        assertEquals(1000, paper.model().numClasses());
        assertEquals(128, paper.training().batchSize());
        assertEquals(0.01, paper.optimizer().learningRate());
        assertEquals(Plateau.paper(), paper.optimizer().schedule());
    }

    @Test
    void theLongRunStatesOnlyWhatDiffersFromTheMainJob() {
        RunConfig main = RunConfig.load(CONFIGS.resolve("cifar10.yaml"), List.of());
        RunConfig longRun = RunConfig.load(CONFIGS.resolve("cifar10-long.yaml"), List.of());
        assertEquals(45, longRun.training().maxEpochs());
        assertEquals(0, longRun.training().budgetMinutes());
        assertEquals(1000, longRun.training().checkpointEvery());
        assertEquals(new AtFractions(List.of(0.6, 0.85), 0.1, 200), longRun.optimizer().schedule());
        assertEquals(main.model(), longRun.model());
        assertEquals(main.data(), longRun.data());
        assertEquals(main.optimizer(), longRun.optimizer());
    }

    @Test
    void extendsChainsAndRefusesLoops(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), "extends: " + CONFIGS.resolve("cifar10.yaml") + "\nname: a\n");
        Files.writeString(dir.resolve("b.yaml"), "extends: a.yaml\ntraining: {batchSize: 64}\n");
        RunConfig b = RunConfig.load(dir.resolve("b.yaml"), List.of());
        assertEquals("a", b.name());
        assertEquals(64, b.training().batchSize());
        assertEquals(28, b.model().inputSize(), "from cifar10.yaml, two files up");
        Files.writeString(dir.resolve("c.yaml"), "extends: d.yaml\n");
        Files.writeString(dir.resolve("d.yaml"), "extends: c.yaml\n");
        var e = assertThrows(InvalidConfigException.class, () -> RunConfig.load(dir.resolve("c.yaml"), List.of()));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void overridesWinOverTheFile() {
        RunConfig c = RunConfig.load(CONFIGS.resolve("cifar10.yaml"),
                List.of("training.batchSize=64", "model.lrn=false", "optimizer.schedule.at=[0.5]", "name=x",
                        "model.implementation.lrn=DL4J", "engine.workers=2"));
        assertEquals(64, c.training().batchSize());
        assertFalse(c.model().lrn());
        assertEquals(List.of(0.5), ((AtFractions) c.optimizer().schedule()).at());
        assertEquals(200, c.optimizer().schedule().warmupIterations(), "the rest of the block is kept");
        assertEquals(new Implementation(Implementation.Kind.FAST, Implementation.Kind.DL4J, false), c.model().implementation());
        assertEquals(2, c.engine().workers());
        assertEquals("x", c.name());
        RunConfig plateau = RunConfig.load(CONFIGS.resolve("cifar10.yaml"), List.of("optimizer.schedule={policy: plateau}"));
        assertEquals(Plateau.paper(), plateau.optimizer().schedule(), "another policy replaces the block");
    }

    @Test
    void modelFieldsStateOnlyWhatDiffersFromTheBase() {
        RunConfig c = RunConfig.parse("model:\n  base: paper\n  numClasses: 10\n  lrn: false\n  lrnPlacement: AFTER_POOL\n",
                List.of());
        assertEquals(10, c.model().numClasses());
        assertFalse(c.model().lrn());
        assertEquals(LrnPlacement.AFTER_POOL, c.model().lrnPlacement());
        assertEquals(227, c.model().inputSize(), "unstated fields keep the base's value");
        assertEquals(AlexNetConfig.cifar10(), RunConfig.parse("model: {base: cifar10}\n", List.of()).model());
    }

    @Test
    void aResumedRunAcceptsBudgetsAndRefusesWhatWouldMakeItAnotherRun(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("config.yaml");
        Files.writeString(saved, RunConfig.load(CONFIGS.resolve("cifar10.yaml"), List.of()).toYaml());
        RunConfig longer = RunConfig.forResume(saved, List.of("training.maxEpochs=300", "training.budgetMinutes=0",
                "engine.workers=2", "data.loaderThreads=2"));
        assertEquals(300, longer.training().maxEpochs());
        assertEquals(2, longer.engine().workers());
        for (String bad : List.of("model.lrn=false", "optimizer.learningRate=0.1", "training.batchSize=64", "data.augment=false")) {
            var e = assertThrows(InvalidConfigException.class, () -> RunConfig.forResume(saved, List.of(bad)));
            String key = bad.substring(0, bad.indexOf('='));
            assertTrue(e.getMessage().contains(key + " cannot change when a run is resumed"), e.getMessage());
        }
    }

    @Test
    void configsSavedBeforeTheScheduleMovedStillLoad() {
        RunConfig old = RunConfig.parse("""
                name: old
                model: {base: cifar10}
                data: {dataset: cifar10, storedSize: 32}
                training:
                  schedule: BUDGET
                  budgetDrops: [0.6, 0.85]
                  maxDrops: 3
                  dropFactor: 0.1
                  warmupIterations: 200
                """, List.of());
        assertEquals(new AtFractions(List.of(0.6, 0.85), 0.1, 200), old.optimizer().schedule());
        RunConfig plateau = RunConfig.parse("training: {schedule: PLATEAU, patience: 2, maxDrops: 3, dropFactor: 0.1, "
                + "warmupIterations: 0}\n", List.of());
        assertEquals(new Plateau(2, 3, 0.1, 0), plateau.optimizer().schedule());
    }

    @Test
    void mistakesAreNamed() {
        var e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("training:\n  batchsize: 3\n", List.of()));
        assertTrue(e.getMessage().contains("training.batchsize") && e.getMessage().contains("batchSize"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("model:\n  numClases: 10\n", List.of()));
        assertTrue(e.getMessage().contains("model.numClases") && e.getMessage().contains("numClasses"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("trainig: {}\n", List.of()));
        assertTrue(e.getMessage().contains("unknown section 'trainig'"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("model:\n  base: cifar10\n  inputSize: 40\n"
                + "data:\n  storedSize: 32\n", List.of()));
        assertTrue(e.getMessage().contains("inputSize 40 is larger than data.storedSize 32"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("", List.of("batchSize")));
        assertTrue(e.getMessage().contains("section.field=value"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("model:\n  towers: 4\n", List.of()));
        assertTrue(e.getMessage().contains("towers = 4") && e.getMessage().contains("1 or 2"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("model:\n  nonlinearity: SIGMOID\n", List.of()));
        assertTrue(e.getMessage().contains("SIGMOID"), e.getMessage());
    }
}
