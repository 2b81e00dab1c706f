package io.github.alexnet4j.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.github.alexnet4j.model.InvalidConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one YAML reader and writer of every config file (runs, sweeps): files may {@code extends:} another
 * file and state only what differs; {@code a.b=value} overrides set single values; unknown keys fail
 * naming the key and the known ones.
 */
public final class ConfigYaml {

    public static final ObjectMapper MAPPER = JsonMapper.builder(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** A polymorphic block ({@code schedule: {policy: ...}}) is replaced, not merged, when its kind changes. */
    private static final String KIND = "policy";

    private ConfigYaml() {
    }

    /** Parses YAML text into a mapping (empty text = empty mapping). */
    public static ObjectNode parse(String yaml, String source) {
        try {
            JsonNode n = MAPPER.readTree(yaml);
            if (n == null || n.isNull() || n.isMissingNode()) return MAPPER.createObjectNode();
            if (!(n instanceof ObjectNode o)) throw new InvalidConfigException(source + ": expected a mapping of key: value");
            return o;
        } catch (IOException e) {
            throw new InvalidConfigException(source + " is not valid YAML: " + e.getMessage());
        }
    }

    /** Reads a file, following {@code extends: other.yaml} (relative to the file) and merging child over parent. */
    public static ObjectNode read(Path file) {
        return read(file, new ArrayList<>());
    }

    private static ObjectNode read(Path file, List<Path> chain) {
        Path f = file.toAbsolutePath().normalize();
        if (chain.contains(f)) throw new InvalidConfigException("extends: loop " + chain + " -> " + f);
        chain.add(f);
        String text;
        try {
            text = Files.readString(f);
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read config " + f + ": " + e.getMessage());
        }
        ObjectNode node = parse(text, f.toString());
        JsonNode parent = node.remove("extends");
        if (parent == null) return node;
        ObjectNode base = read(f.resolveSibling(parent.asText()), chain);
        mergeInto(base, node, "", false);
        return base;
    }

    /**
     * Merges {@code over} into {@code base} key by key (mappings recursively). With {@code checkKeys}, a key
     * that {@code base} does not have fails, naming it and the known keys at that level.
     */
    public static void mergeInto(ObjectNode base, JsonNode over, String path, boolean checkKeys) {
        if (over == null || over.isNull()) return;
        if (!over.isObject()) throw new InvalidConfigException((path.isEmpty() ? "config" : path) + ": expected a mapping");
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode old = base.get(e.getKey());
            if (checkKeys && !base.has(e.getKey())) {
                throw new InvalidConfigException("unknown key '" + key + "'; known keys"
                        + (path.isEmpty() ? "" : " of " + path) + ": " + String.join(", ", (Iterable<String>) base::fieldNames));
            }
            boolean sameKind = old != null && e.getValue().path(KIND).asText("").equals(old.path(KIND).asText(""));
            if (old instanceof ObjectNode o && e.getValue().isObject() && (sameKind || !e.getValue().has(KIND))) {
                mergeInto(o, e.getValue(), key, checkKeys);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    /** {@code a.b=value}: sets key b of mapping a; the value is parsed as YAML (numbers, booleans, lists). */
    public static void override(ObjectNode root, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) throw new InvalidConfigException("override '" + override + "' is not of the form section.field=value");
        String[] path = override.substring(0, eq).trim().split("\\.");
        JsonNode value;
        try {
            value = MAPPER.readTree(override.substring(eq + 1));
        } catch (IOException e) {
            throw new InvalidConfigException("override '" + override + "': " + e.getMessage());
        }
        ObjectNode node = root;
        for (int i = 0; i < path.length - 1; i++) {
            JsonNode child = node.get(path[i]);
            if (!(child instanceof ObjectNode)) {
                child = MAPPER.createObjectNode();
                node.set(path[i], child);
            }
            node = (ObjectNode) child;
        }
        node.set(path[path.length - 1], value == null || value.isMissingNode() ? MAPPER.nullNode() : value);
    }

    /** The dotted keys of every leaf value in {@code node} ({@code training.batchSize}, ...). */
    public static List<String> leafKeys(JsonNode node, String prefix) {
        List<String> out = new ArrayList<>();
        if (node instanceof ObjectNode o && o.size() > 0) {
            o.fields().forEachRemaining(e -> out.addAll(leafKeys(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey())));
        } else {
            out.add(prefix);
        }
        return out;
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
