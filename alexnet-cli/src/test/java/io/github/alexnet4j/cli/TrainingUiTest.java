package io.github.alexnet4j.cli;

import io.github.alexnet4j.model.AlexNetConfig;
import io.github.alexnet4j.model.AlexNetGraph;
import io.github.alexnet4j.model.optim.OptimizerConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * `train --ui`: DL4J's training UI serves the run's live statistics, which are also kept in the run folder,
 * on the loopback address only, and turns away large request bodies.
 */
class TrainingUiTest {

    @TempDir
    Path run;

    static TrainingUi ui;

    @AfterAll
    static void stop() {
        if (ui != null) ui.stop();
    }

    private static String get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theUiServesTheRunsScoresAndKeepsThemInTheRunFolder() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ui = TrainingUi.start("127.0.0.1", port);
        ComputationGraph net = AlexNetGraph.build(AlexNetConfig.cifar10(), OptimizerConfig.paper());
        ui.attach(net, run);
        DataSet ds = new DataSet(Nd4j.randn(8, 3, 28, 28), Nd4j.eye(10).getRows(0, 1, 2, 3, 4, 5, 6, 7));
        for (int i = 0; i < 12; i++) net.fit(ds);   // the listener reports every 10th iteration

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/train/overview"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<html") || page.body().contains("<!DOCTYPE"), page.body().substring(0, 200));
        // the overview's data: the scores of the iterations just trained (the UI picks up new
        // statistics on its own thread, so ask again for a few seconds, as a browser would)
        HttpResponse<String> data = null;
        for (long end = System.nanoTime() + 20_000_000_000L; System.nanoTime() < end; Thread.sleep(250)) {
            data = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/train/overview/data")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (data.body().matches("(?s).*\"scores\"\\s*:\\s*\\[\\s*-?\\d.*")) break;
        }
        assertEquals(200, data.statusCode());
        assertTrue(data.body().matches("(?s).*\"scores\"\\s*:\\s*\\[\\s*-?\\d.*"), "scores reported: " + data.body()
                + " current=" + get(http, port, "/train/sessions/current") + " info=" + get(http, port, "/train/sessions/info"));
        assertTrue(Files.size(run.resolve("ui-stats.dl4j")) > 0, "statistics are kept beside the run");

        // not on the machine's other addresses
        InetAddress outside = nonLoopbackAddress();
        try (Socket s = new Socket()) {
            assertThrows(java.net.ConnectException.class, () -> s.connect(new InetSocketAddress(outside, port), 2000),
                    "the UI must not answer on " + outside.getHostAddress());
        }
        // and a large body is turned away before DL4J reads it
        HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/remoteReceive"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 << 20])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, big.statusCode(), big.body());
    }

    /** An address of this machine that is not loopback (every machine with a network has one). */
    static InetAddress nonLoopbackAddress() throws Exception {
        for (NetworkInterface n : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!n.isUp() || n.isLoopback()) continue;
            for (InetAddress a : java.util.Collections.list(n.getInetAddresses())) {
                if (a instanceof java.net.Inet4Address) return a;
            }
        }
        throw new AssertionError("this machine has no network address besides loopback to test against");
    }
}
