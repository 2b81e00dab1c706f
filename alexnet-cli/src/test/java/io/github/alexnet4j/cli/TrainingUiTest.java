package io.github.alexnet4j.cli;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.ui.api.UIServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** `train --ui`: DL4J's training UI serves the run's live statistics, which are also kept in the run folder. */
class TrainingUiTest {

    @TempDir
    Path run;

    @AfterAll
    static void stop() throws Exception {
        UIServer.stopInstance();
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theUiServesTheRunsScoresAndKeepsThemInTheRunFolder() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        System.setProperty("org.deeplearning4j.ui.port", String.valueOf(port));
        ComputationGraph net = AlexNetGraph.build(AlexNetConfig.cifar10(), OptimizerConfig.paper());
        TrainingUi.attach(net, run);
        DataSet ds = new DataSet(Nd4j.randn(8, 3, 28, 28), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7));
        for (int i = 0; i < 12; i++) net.fit(ds);   // the listener reports every 10th iteration

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/train/overview"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<html") || page.body().contains("<!DOCTYPE"), page.body().substring(0, 200));
        // the overview's data: the scores of the iterations just trained (the UI picks up new
        // statistics on its own thread, so ask again for a few seconds, as a browser would)
        HttpResponse<String> data = null;
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(250)) {
            data = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/train/overview/data")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (data.body().matches("(?s).*\"scores\"\\s*:\\s*\\[\\s*-?\\d.*")) break;
        }
        assertEquals(200, data.statusCode());
        assertTrue(data.body().matches("(?s).*\"scores\"\\s*:\\s*\\[\\s*-?\\d.*"), "scores reported: " + data.body()
                + " current=" + get(http, port, "/train/sessions/current") + " info=" + get(http, port, "/train/sessions/info"));
        assertTrue(Files.size(run.resolve("ui-stats.dl4j")) > 0, "statistics are kept beside the run");
    }
}
