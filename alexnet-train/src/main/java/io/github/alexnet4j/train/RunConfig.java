package io.github.alexnet4j.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.InvalidConfigException;
import io.github.alexnet4j.model.OptimizerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs, read from a YAML file in {@code configs/} with command-line
 * overrides ({@code --set training.batchSize=64}). Sections: {@code model} (a {@code base} preset,
 * {@code paper} or {@code cifar10}, plus any {@link AlexNetConfig} field), {@code optimizer},
 * {@code data}, {@code training}. Unstated values keep the paper's.
 */
public record RunConfig(String name, AlexNetConfig model, OptimizerConfig optimizer, DataSettings data,
                        TrainingSettings training) {

    static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public RunConfig {
        if (model.inputSize() > data.storedSize()) {
            throw new InvalidConfigException("model.inputSize " + model.inputSize() + " is larger than data.storedSize "
                    + data.storedSize() + ": crops are cut from the stored images");
        }
    }

    public static RunConfig load(Path file, List<String> overrides) {
        try {
            return parse(Files.readString(file), overrides);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read config " + file + ": " + e.getMessage(), e);
        }
    }

    public static RunConfig parse(String yaml, List<String> overrides) {
        ObjectNode root;
        try {
            JsonNode n = YAML.readTree(yaml);
            root = n instanceof ObjectNode o ? o : YAML.createObjectNode();
        } catch (IOException e) {
            throw new InvalidConfigException("not valid YAML: " + e.getMessage());
        }
        for (String o : overrides) applyOverride(root, o);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!List.of("name", "model", "optimizer", "data", "training").contains(k)) {
                throw new InvalidConfigException("unknown section '" + k + "' (known: name, model, optimizer, data, training)");
            }
        }
        ObjectNode modelNode = root.has("model") ? (ObjectNode) root.get("model").deepCopy() : YAML.createObjectNode();
        String base = modelNode.has("base") ? modelNode.remove("base").asText() : "paper";
        AlexNetConfig baseModel = switch (base) {
            case "paper" -> AlexNetConfig.paper();
            case "cifar10" -> AlexNetConfig.cifar10();
            default -> throw new InvalidConfigException("model.base = " + base + " (paper or cifar10)");
        };
        AlexNetConfig model = AlexNetConfig.fromYaml(modelNode.toString(), baseModel);
        OptimizerConfig opt = section(root, "optimizer", OptimizerConfig.paper(), OptimizerConfig.class);
        DataSettings data = section(root, "data", DataSettings.paperImageNet(), DataSettings.class);
        TrainingSettings tr = section(root, "training", TrainingSettings.paper(), TrainingSettings.class);
        String name = root.has("name") ? root.get("name").asText() : "run";
        return new RunConfig(name, model, opt, data, tr);
    }

    /** {@code a.b=value}: sets field b of section a; the value is parsed as YAML (numbers, booleans, lists). */
    static void applyOverride(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new InvalidConfigException("override '" + override + "' is not of the form section.field=value");
        String[] path = override.substring(0, eq).trim().split("\\.");
        JsonNode value;
        try {
            value = YAML.readTree(override.substring(eq + 1));
        } catch (IOException e) {
            throw new InvalidConfigException("override '" + override + "': " + e.getMessage());
        }
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (!(child instanceof ObjectNode)) {
                child = YAML.createObjectNode();
                node.set(path[i], child);
            }
            node = (ObjectNode) child;
        }
        node.set(path[path.length - 1], value == null || value.isMissingNode() ? YAML.nullNode() : value);
    }

    private static <T> T section(ObjectNode root, String name, T defaults, Class<T> type) {
        ObjectNode merged = YAML.valueToTree(defaults);
        JsonNode given = root.get(name);
        if (given != null && !given.isNull()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!merged.has(e.getKey())) {
                    throw new InvalidConfigException("unknown field '" + name + "." + e.getKey() + "'; known fields: "
                            + String.join(", ", (Iterable<String>) merged::fieldNames));
                }
                merged.set(e.getKey(), e.getValue());
            }
        }
        try {
            return YAML.treeToValue(merged, type);
        } catch (IOException e) {
            throw new InvalidConfigException("section '" + name + "': " + e.getMessage());
        }
    }

    /** The effective configuration, complete, as YAML (printed at start and saved with each run). */
    public String toYaml() {
        ObjectNode root = YAML.createObjectNode();
        root.put("name", name);
        root.set("model", YAML.valueToTree(model));
        root.set("optimizer", YAML.valueToTree(optimizer));
        root.set("data", YAML.valueToTree(data));
        root.set("training", YAML.valueToTree(training));
        try {
            return YAML.writeValueAsString(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
