package io.github.alexnet4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.alexnet4j.data.DataSettings;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.InvalidConfigException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Everything a training run needs, read from a YAML file in {@code configs/} (which may {@code extends:}
 * another and state only what differs) with command-line overrides ({@code --set training.batchSize=64}).
 * Sections: {@code model} (a {@code base} preset, {@code paper} or {@code cifar10}, plus any
 * {@link AlexNetConfig} field), {@code optimizer} (with its {@code schedule}), {@code data},
 * {@code training}, {@code engine}. Unstated values keep the paper's.
 */
public record RunConfig(String name, AlexNetConfig model, OptimizerSettings optimizer, DataSettings data,
                        TrainingSettings training, EngineSettings engine) {

    /** Model presets a config can start from ({@code model.base}). */
    private static final Map<String, Supplier<AlexNetConfig>> PRESETS = Map.of(
            "paper", AlexNetConfig::paper,
            "cifar10", AlexNetConfig::cifar10,
            "torchvision", AlexNetConfig::torchvision,
            "four-layer", AlexNetConfig::fourLayer);

    /** What may change when a run is resumed: budgets, bookkeeping and where steps run, never what is learned. */
    static final List<String> SAFE_ON_RESUME = List.of("training.maxEpochs", "training.budgetMinutes",
            "training.checkpointEvery", "training.keepCheckpoints", "training.tenCrop", "training.evalTrainImages",
            "data.loaderThreads", "data.cacheMegabytes", "data.path", "engine");

    public RunConfig {
        if (engine == null) engine = EngineSettings.local();
        if (model.inputSize() > data.storedSize()) {
            throw new InvalidConfigException("model.inputSize " + model.inputSize() + " is larger than data.storedSize "
                    + data.storedSize() + ": crops are cut from the stored images");
        }
    }

    public static RunConfig load(Path file, List<String> overrides) {
        return of(ConfigYaml.read(file), overrides);
    }

    public static RunConfig parse(String yaml, List<String> overrides) {
        return of(ConfigYaml.parse(yaml, "config"), overrides);
    }

    /**
     * The saved config of a run being resumed, with only the overrides that keep it the same run
     * ({@link #SAFE_ON_RESUME}); any other override fails with a message instead of being ignored.
     */
    public static RunConfig forResume(Path savedConfig, List<String> overrides) {
        for (String o : overrides) {
            String key = o.contains("=") ? o.substring(0, o.indexOf('=')).trim() : o;
            if (SAFE_ON_RESUME.stream().noneMatch(s -> key.equals(s) || key.startsWith(s + "."))) {
                throw new InvalidConfigException(key + " cannot change when a run is resumed: the checkpoint was trained "
                        + "with the run's own value (see " + savedConfig + "). Start a new run instead; on resume only "
                        + String.join(", ", SAFE_ON_RESUME) + " may change");
            }
        }
        return load(savedConfig, overrides);
    }

    private static RunConfig of(ObjectNode root, List<String> overrides) {
        LegacyConfig.upgrade(root);
        for (String o : overrides) ConfigYaml.override(root, o);
        for (String k : (Iterable<String>) root::fieldNames) {
            if (!List.of("name", "model", "optimizer", "data", "training", "engine").contains(k)) {
                throw new InvalidConfigException("unknown section '" + k + "' (known: name, model, optimizer, data, training, engine)");
            }
        }
        JsonNode modelNode = root.path("model");
        String base = modelNode.path("base").asText("paper");
        if (!PRESETS.containsKey(base)) throw new InvalidConfigException("model.base = " + base + " (one of " + PRESETS.keySet() + ")");
        if (modelNode instanceof ObjectNode m) m.remove("base");
        AlexNetConfig model = section(root, "model", PRESETS.get(base).get(), AlexNetConfig.class);
        OptimizerSettings opt = section(root, "optimizer", OptimizerSettings.paper(), OptimizerSettings.class);
        DataSettings data = section(root, "data", DataSettings.paperImageNet(), DataSettings.class);
        TrainingSettings tr = section(root, "training", TrainingSettings.paper(), TrainingSettings.class);
        EngineSettings engine = section(root, "engine", EngineSettings.local(), EngineSettings.class);
        String name = root.has("name") ? root.get("name").asText() : "run";
        return new RunConfig(name, model, opt, data, tr, engine);
    }

    private static <T> T section(ObjectNode root, String name, T defaults, Class<T> type) {
        ObjectNode merged = ConfigYaml.MAPPER.valueToTree(defaults);
        ConfigYaml.mergeInto(merged, root.get(name), name, true);
        try {
            return ConfigYaml.MAPPER.treeToValue(merged, type);
        } catch (IOException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException invalid) throw invalid;   // names the key already
            }
            throw new InvalidConfigException("section '" + name + "': " + e.getMessage());
        }
    }

    /** The effective configuration, complete, as YAML (printed at start and saved with each run). */
    public String toYaml() {
        ObjectNode root = ConfigYaml.MAPPER.createObjectNode();
        root.put("name", name);
        root.set("model", ConfigYaml.MAPPER.valueToTree(model));
        root.set("optimizer", ConfigYaml.MAPPER.valueToTree(optimizer));
        root.set("data", ConfigYaml.MAPPER.valueToTree(data));
        root.set("training", ConfigYaml.MAPPER.valueToTree(training));
        root.set("engine", ConfigYaml.MAPPER.valueToTree(engine));
        return ConfigYaml.write(root);
    }

    /** This config with the model's class count set to what the dataset has. */
    public RunConfig withClasses(int classes) {
        return new RunConfig(name, model.toBuilder().numClasses(classes).build(), optimizer, data, training, engine);
    }
}
