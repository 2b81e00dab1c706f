package io.github.alexnet4j.train;

import io.github.alexnet4j.data.DataSettings;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.InvalidConfigException;
import io.github.alexnet4j.model.optim.PaperMomentum;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * {@code train --init model.zip}: start from a trained network, as the paper started ILSVRC-2012 from its
 * Fall 2011 pre-training. The run takes the network's architecture and input scale from that model;
 * fc8 is replaced when the dataset has another number of classes; layers up to {@code freezeThrough}
 * can be kept fixed. The new data's own mean and colour PCA are used (computed as for any run).
 */
final class FineTuning {
    private static final Logger log = LoggerFactory.getLogger(FineTuning.class);

    private FineTuning() {
    }

    /** The run's config with the init model's architecture and input scale, for {@code classes} classes. */
    static RunConfig adopt(RunConfig cfg, ModelPackage init, int classes) {
        var model = init.config().model().requireAlexNet("fine-tuning (--init)").toBuilder().numClasses(classes).seed(cfg.model().seed()).build();
        DataSettings d = cfg.data();
        DataSettings data = d.withScale(init.config().data().scale());
        if (model.inputSize() > d.storedSize()) {
            throw new InvalidConfigException("the init model takes " + model.inputSize() + "² crops but data.storedSize is "
                    + d.storedSize() + ": set --set data.storedSize=256 (images are resized to it first)");
        }
        if (data.scale() != d.scale()) {
            log.info("data.scale = {} from the init model (its first layer was trained on inputs at that scale)", data.scale());
        }
        return new RunConfig(cfg.name(), model, cfg.optimizer(), data, cfg.training(), cfg.engine());
    }

    /** The init model's network, fc8 replaced if the class count differs, frozen through {@code freezeThrough}. */
    static ComputationGraph network(ModelPackage init, RunConfig effective) {
        ComputationGraph net = init.net();
        OptimizerSettings o = effective.optimizer();
        TransferLearning.GraphBuilder b = new TransferLearning.GraphBuilder(net)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder()
                        .updater(new PaperMomentum(o.learningRate(), o.momentum())).seed(effective.model().seed()).build());
        int classes = effective.model().numClasses();
        long had = net.getLayer(AlexNetGraph.OUTPUT).getParam("b").length();
        if (had != classes) {
            log.info("fc8 replaced: {} classes instead of the init model's {}", classes, had);
            b.nOutReplace(AlexNetGraph.OUTPUT, classes, new NormalDistribution(0, 0.01));
        }
        String freeze = effective.training().freezeThrough();
        if (freeze != null) {
            if (net.getVertex(freeze) == null) {
                throw new InvalidConfigException("training.freezeThrough", freeze, "a vertex of the init network, e.g. pool5");
            }
            b.setFeatureExtractor(freeze);
            log.info("Layers up to and including {} are frozen", freeze);
        }
        return b.build();
    }
}
