package io.github.alexnet4j.ablation;

import io.github.alexnet4j.train.ConfigYaml;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.alexnet4j.model.InvalidConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep file: which runs recreate a table of the paper.
 * <pre>
 * name: cifar10-paper
 * config: configs/cifar10.yaml          # base run configuration (relative to the sweep file's project)
 * overrides: [training.budgetMinutes=4]  # applied to every run
 * seeds: [1, 2, 3]
 * variants: [baseline, no-lrn, non-overlapping-pooling]   # known names (see Variants) ...
 * custom:                                                   # ... and/or your own
 *   wide-fc: [model.fcWidth=2048]
 * </pre>
 * The seed sets the data order, augmentation and initialisation, so for a given seed every variant
 * sees identical data.
 */
public record Sweep(String name, Path config, List<String> overrides, List<Long> seeds, Map<String, List<String>> variants) {

    private static final ObjectMapper YAML = ConfigYaml.MAPPER;
    private static final List<String> FIELDS = List.of("name", "config", "overrides", "seeds", "variants", "custom");

    public static Sweep load(Path file, Path projectHome) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read sweep " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new InvalidConfigException("sweep " + file + " must be a YAML mapping");
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new InvalidConfigException("sweep " + file + ": unknown field '" + f + "' (known: " + FIELDS + ")");
        }
        for (String required : List.of("name", "config", "seeds")) {
            if (!root.hasNonNull(required)) throw new InvalidConfigException("sweep " + file + ": missing field '" + required + "'");
        }
        if (!root.hasNonNull("variants") && !root.hasNonNull("custom")) {
            throw new InvalidConfigException("sweep " + file + ": missing field 'variants' (or 'custom')");
        }
        Path config = projectHome.resolve(root.get("config").asText());
        if (!Files.isRegularFile(config)) throw new InvalidConfigException("sweep " + file + ": config " + config + " does not exist");
        List<Long> seeds = new ArrayList<>();
        root.get("seeds").forEach(s -> seeds.add(s.asLong()));
        if (seeds.isEmpty()) throw new InvalidConfigException("sweep " + file + ": 'seeds' is empty");
        List<String> overrides = strings(root.get("overrides"));
        Map<String, List<String>> variants = new LinkedHashMap<>();
        for (String v : strings(root.get("variants"))) {
            Variants.Known k = Variants.known(v);
            if (k == null) {
                throw new InvalidConfigException("sweep " + file + ": unknown variant '" + v + "' (known: "
                        + String.join(", ", Variants.names()) + "; or define it under 'custom')");
            }
            variants.put(v, k.overrides());
        }
        JsonNode custom = root.get("custom");
        if (custom != null && !custom.isNull()) {
            custom.fields().forEachRemaining(e -> variants.put(e.getKey(), strings(e.getValue())));
        }
        if (!variants.containsKey("baseline")) {
            throw new InvalidConfigException("sweep " + file + ": the variants must include 'baseline' (deltas are taken against it)");
        }
        return new Sweep(root.get("name").asText(), config, overrides, seeds, variants);
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n != null && !n.isNull()) n.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** Overrides of one run, in order: the sweep's, the variant's, then the seed. */
    public List<String> runOverrides(String variant, long seed) {
        List<String> o = new ArrayList<>(overrides);
        o.addAll(variants.get(variant));
        o.add("training.seed=" + seed);
        o.add("model.seed=" + seed);
        o.add("name=" + name + "-" + variant + "-seed" + seed);
        return o;
    }
}
