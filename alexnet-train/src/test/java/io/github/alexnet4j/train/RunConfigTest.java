package io.github.alexnet4j.train;

import io.github.alexnet4j.model.InvalidConfigException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RunConfigTest {

    static final Path CONFIGS = Path.of(System.getProperty("alexnet.home", "..")).resolve("configs");

    @Test
    void shippedConfigsParseAndTheEffectiveConfigRoundTrips() {
        for (String f : List.of("cifar10.yaml", "paper-imagenet.yaml", "cifar10-long.yaml")) {
            RunConfig c = RunConfig.load(CONFIGS.resolve(f), List.of());
            assertEquals(c, RunConfig.parse(c.toYaml(), List.of()), f);
        }
        RunConfig paper = RunConfig.load(CONFIGS.resolve("paper-imagenet.yaml"), List.of());
        assertEquals(227, paper.model().inputSize());
        assertEquals(1000, paper.model().numClasses());
        assertEquals(128, paper.training().batchSize());
        assertEquals(0.01, paper.optimizer().learningRate());
        assertEquals(TrainingSettings.Schedule.PLATEAU, paper.training().schedule());
    }

    @Test
    void overridesWinOverTheFile() {
        RunConfig c = RunConfig.load(CONFIGS.resolve("cifar10.yaml"),
                List.of("training.batchSize=64", "model.lrn=false", "training.budgetDrops=[0.5]", "name=x"));
        assertEquals(64, c.training().batchSize());
        assertFalse(c.model().lrn());
        assertEquals(List.of(0.5), c.training().budgetDrops());
        assertEquals("x", c.name());
    }

    @Test
    void mistakesAreNamed() {
        var e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("training:\n  batchsize: 3\n", List.of()));
        assertTrue(e.getMessage().contains("training.batchsize") && e.getMessage().contains("batchSize"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("trainig: {}\n", List.of()));
        assertTrue(e.getMessage().contains("unknown section 'trainig'"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("model:\n  base: cifar10\n  inputSize: 40\n"
                + "data:\n  storedSize: 32\n", List.of()));
        assertTrue(e.getMessage().contains("inputSize 40 is larger than data.storedSize 32"), e.getMessage());
        e = assertThrows(InvalidConfigException.class, () -> RunConfig.parse("", List.of("batchSize")));
        assertTrue(e.getMessage().contains("section.field=value"), e.getMessage());
    }
}
