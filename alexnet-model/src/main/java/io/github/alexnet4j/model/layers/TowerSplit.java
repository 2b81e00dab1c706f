package io.github.alexnet4j.model.layers;

import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.inputs.InvalidInputTypeException;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * One tower's share of maps that both towers computed together: channels {@code from..to} (inclusive) of
 * a convolutional activation. DL4J's {@link SubsetVertex} selects channels correctly but reports 0
 * channels as its output type for convolutional inputs in 1.0.0-M2.1, so the next layer could not be
 * sized; this subclass reports the selected channels.
 */
public class TowerSplit extends SubsetVertex {

    public TowerSplit(@JsonProperty("from") int from, @JsonProperty("to") int to) {
        super(from, to);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... inputs) throws InvalidInputTypeException {
        if (inputs.length == 1 && inputs[0] instanceof InputType.InputTypeConvolutional c) {
            return InputType.convolutional(c.getHeight(), c.getWidth(), getTo() - getFrom() + 1, c.getFormat());
        }
        return super.getOutputType(layerIndex, inputs);
    }

    @Override
    public TowerSplit clone() {
        return new TowerSplit(getFrom(), getTo());
    }
}
