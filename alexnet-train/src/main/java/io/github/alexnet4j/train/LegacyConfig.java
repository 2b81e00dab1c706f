package io.github.alexnet4j.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads configs saved before the learning-rate schedule moved next to the base rate: {@code training}'s
 * {@code schedule: PLATEAU|BUDGET}, {@code patience}, {@code maxDrops}, {@code dropFactor},
 * {@code budgetDrops} and {@code warmupIterations} become {@code optimizer.schedule}, so older run folders
 * and model files still load.
 */
final class LegacyConfig {
    private LegacyConfig() {
    }

    static void upgrade(ObjectNode root) {
        if (!(root.get("training") instanceof ObjectNode t) || !t.path("schedule").isTextual()) return;
        String kind = t.remove("schedule").asText();
        JsonNode patience = t.remove("patience"), maxDrops = t.remove("maxDrops"), factor = t.remove("dropFactor"),
                drops = t.remove("budgetDrops"), warmup = t.remove("warmupIterations");
        ObjectNode s = ConfigYaml.MAPPER.createObjectNode();
        if (kind.equals("PLATEAU")) {
            s.put("policy", "plateau");
            if (patience != null) s.set("patience", patience);
            if (maxDrops != null) s.set("maxDrops", maxDrops);
        } else {
            s.put("policy", "fractions");
            if (drops != null) s.set("at", drops);
        }
        if (factor != null) s.set("factor", factor);
        if (warmup != null) s.set("warmupIterations", warmup);
        if (!(root.get("optimizer") instanceof ObjectNode)) root.set("optimizer", ConfigYaml.MAPPER.createObjectNode());
        ((ObjectNode) root.get("optimizer")).set("schedule", s);
    }
}
