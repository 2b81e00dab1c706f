package io.github.alexnet4j.cli;

import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/** DL4J's training UI for a run: statistics go to {@code ui-stats.dl4j} in the run folder and are served live. */
public final class TrainingUi {
    private static final Logger log = LoggerFactory.getLogger(TrainingUi.class);

    private TrainingUi() {
    }

    public static void attach(ComputationGraph net, Path runDir) {
        StatsStorage storage = new FileStatsStorage(runDir.resolve("ui-stats.dl4j").toFile());
        UIServer server = UIServer.getInstance();
        server.attach(storage);
        net.addListeners(new StatsListener(storage));
        log.info("DL4J training UI: http://localhost:{}/train (statistics also saved in {})", server.getPort(),
                runDir.resolve("ui-stats.dl4j"));
    }
}
