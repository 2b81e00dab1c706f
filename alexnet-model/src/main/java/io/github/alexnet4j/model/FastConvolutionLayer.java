package io.github.alexnet4j.model;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** See {@link ReluFromOutput}: backprop takes the ReLU's derivative from the kept output. */
public class FastConvolutionLayer extends ConvolutionLayer {

    private final ReluFromOutput relu = new ReluFromOutput();

    public FastConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        return relu.remember(super.activate(training, mgr), training, layerConf().getActivationFn());
    }

    /** Called by DL4J's backprop for the pre-activation; for a ReLU the output serves (no im2col kept). */
    @Override
    protected Pair<INDArray, INDArray> preOutput4d(boolean training, boolean forBackprop, LayerWorkspaceMgr mgr) {
        INDArray output = forBackprop ? relu.take() : null;
        return output != null ? new Pair<>(output, null) : super.preOutput4d(training, forBackprop, mgr);
    }

    @Override
    public void clear() {
        super.clear();
        relu.take();
    }
}
