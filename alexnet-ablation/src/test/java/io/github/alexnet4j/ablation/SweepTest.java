package io.github.alexnet4j.ablation;

import io.github.alexnet4j.model.InvalidConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class SweepTest {

    static final Path HOME = Path.of(System.getProperty("alexnet.home", "..")).toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Sweep parse(String yaml) throws Exception {
        return Sweep.load(Files.writeString(dir.resolve("s.yaml"), yaml), HOME);
    }

    @Test
    void shippedSweepsParse() throws Exception {
        List<Path> files;
        try (var s = Files.list(HOME.resolve("sweeps"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertTrue(files.size() >= 6, files.toString());
        for (Path f : files) {
            Sweep s = Sweep.load(f, HOME);
            assertTrue(s.variants().containsKey("baseline"), f.toString());
            assertTrue(s.seeds().size() >= 1, f.toString());
        }
        Sweep paper = Sweep.load(HOME.resolve("sweeps/cifar10-paper.yaml"), HOME);
        assertTrue(paper.seeds().size() >= 3);
        // the undecided rows' rerun: the same runs as the paper sweep's, more seeds
        Sweep undecided = Sweep.load(HOME.resolve("sweeps/cifar10-undecided.yaml"), HOME);
        assertEquals(7, undecided.seeds().size());
        assertTrue(paper.variants().keySet().containsAll(undecided.variants().keySet()));
        assertSameRuns(paper, undecided);
        // the PCA-lighting row at 10 seeds reuses the undecided sweep's runs of seeds 1-7 (copied folders):
        // it may do so only because they are the same runs
        Sweep pca = Sweep.load(HOME.resolve("sweeps/cifar10-undecided-pca.yaml"), HOME);
        assertEquals(List.of("baseline", "no-pca-lighting"), List.copyOf(pca.variants().keySet()));
        assertEquals(undecided.seeds(), pca.seeds().subList(0, undecided.seeds().size()));
        assertSameRuns(undecided, pca);
    }

    /** Every run of {@code rerun} (each variant, each seed) is {@code reference}'s run of that variant and seed, but for its name. */
    private static void assertSameRuns(Sweep reference, Sweep rerun) {
        for (String v : rerun.variants().keySet()) {
            for (long seed : rerun.seeds()) {
                List<String> a = new java.util.ArrayList<>(reference.runOverrides(v, seed)), b = new java.util.ArrayList<>(rerun.runOverrides(v, seed));
                a.removeIf(o -> o.startsWith("name=")); b.removeIf(o -> o.startsWith("name="));
                assertEquals(a, b, v + " seed " + seed);
            }
        }
    }

    @Test
    void variantsSeedsAndOverridesCombine() throws Exception {
        Sweep s = parse("name: t\nconfig: configs/cifar10.yaml\noverrides: [training.budgetMinutes=1]\nseeds: [3, 4]\n"
                + "variants: [baseline, no-lrn]\ncustom:\n  wide: [model.fcWidth=2048]\n");
        assertEquals(List.of("baseline", "no-lrn", "wide"), List.copyOf(s.variants().keySet()));
        assertEquals(List.of("training.budgetMinutes=1", "model.lrn=false", "training.seed=4", "model.seed=4", "name=t-no-lrn-seed4"),
                s.runOverrides("no-lrn", 4));
        assertEquals(List.of(3L, 4L), s.seeds());
    }

    @Test
    void mistakesAreNamed() {
        assertMessage("name: t\nconfig: configs/cifar10.yaml\nseeds: [1]\nvariants: [baseline, no-lrm]\n",
                "unknown variant 'no-lrm'", "no-lrn");
        assertMessage("name: t\nconfig: configs/cifar10.yaml\nvariants: [baseline]\n", "missing field 'seeds'");
        assertMessage("config: configs/cifar10.yaml\nseeds: [1]\nvariants: [baseline]\n", "missing field 'name'");
        assertMessage("name: t\nconfig: configs/nope.yaml\nseeds: [1]\nvariants: [baseline]\n", "nope.yaml does not exist");
        assertMessage("name: t\nconfig: configs/cifar10.yaml\nseeds: [1]\nvariants: [no-lrn]\n", "must include 'baseline'");
        assertMessage("name: t\nconfig: configs/cifar10.yaml\nseeds: [1]\nvariants: [baseline]\nbudget: 3\n", "unknown field 'budget'");
    }

    private void assertMessage(String yaml, String... parts) {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> parse(yaml));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
    }

    @Test
    void figureOnesReluAndTanhRunsDifferOnlyInTheNonlinearityAndTheLearningRate() throws Exception {
        Sweep s = Sweep.load(HOME.resolve("sweeps/figure1-fourlayer.yaml"), HOME);
        for (long seed : s.seeds()) {
            var relu = io.github.alexnet4j.train.ConfigYaml.MAPPER.readTree(
                    io.github.alexnet4j.train.RunConfig.load(s.config(), s.runOverrides("baseline", seed)).toYaml());
            var tanh = io.github.alexnet4j.train.ConfigYaml.MAPPER.readTree(
                    io.github.alexnet4j.train.RunConfig.load(s.config(), s.runOverrides("tanh", seed)).toYaml());
            java.util.Set<String> differ = new java.util.TreeSet<>();
            diff("", relu, tanh, differ);
            differ.remove("name");
            assertTrue(differ.contains("model.nonlinearity"), differ.toString());
            assertTrue(java.util.Set.of("model.nonlinearity", "optimizer.learningRate").containsAll(differ), "seed " + seed + ": " + differ);
            assertEquals("FOUR_LAYER", relu.path("model").path("architecture").asText());
            assertEquals(0, relu.path("optimizer").path("weightDecay").asDouble(), "no regularization of any kind");
            assertEquals(0, relu.path("model").path("dropout").asDouble());
            assertFalse(relu.path("data").path("augment").asBoolean());
            assertEquals(0.25, relu.path("training").path("stopAtTrainError").asDouble());
        }
    }

    private static void diff(String at, com.fasterxml.jackson.databind.JsonNode a, com.fasterxml.jackson.databind.JsonNode b,
                             java.util.Set<String> out) {
        if (a.isObject() && b.isObject()) {
            java.util.Set<String> keys = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) diff(at.isEmpty() ? k : at + "." + k, a.path(k), b.path(k), out);
        } else if (!a.equals(b)) {
            out.add(at);
        }
    }
}
