package io.github.alexnet4j.cli;

import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import org.deeplearning4j.core.storage.StatsStorage;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.ui.VertxUIServer;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * DL4J's training UI for a run: statistics go to {@code ui-stats.dl4j} in the run folder and are served
 * live. DL4J's server listens on every interface with no login; here the same server binds only to the
 * address given ({@code --ui-host}, 127.0.0.1 by default), and requests with a body over 1 MB are turned
 * away (DL4J accepts stats uploads of any size from anyone who can reach the port).
 */
public final class TrainingUi {
    private static final Logger log = LoggerFactory.getLogger(TrainingUi.class);

    /** Largest request body accepted (the UI's own pages send none). */
    static final long MAX_BODY = 1 << 20;

    private final VertxUIServer server;
    private final Vertx vertx;
    private final String host;
    private final int port;

    private TrainingUi(VertxUIServer server, Vertx vertx, String host, int port) {
        this.server = server;
        this.vertx = vertx;
        this.host = host;
        this.port = port;
    }

    /** Starts the UI on {@code host}:{@code port} (port 0: DL4J's property org.deeplearning4j.ui.port, else 9000). */
    public static TrainingUi start(String host, int port) throws Exception {
        InetAddress address = InetAddress.getByName(host);
        if (!address.isLoopbackAddress()) {
            log.warn("The training UI listens on {}: anyone who can reach this machine on that address can see the run "
                    + "and has no login to pass", host);
        }
        if (port > 0) System.setProperty("org.deeplearning4j.ui.port", String.valueOf(port));
        Vertx vertx = Vertx.vertx();
        VertxUIServer server = new VertxUIServer();
        server.init(boundTo(vertx, host), vertx.getOrCreateContext());
        CompletableFuture<Void> started = new CompletableFuture<>();
        vertx.runOnContext(v -> {
            Promise<Void> promise = Promise.promise();
            promise.future().onComplete(r -> {
                if (r.succeeded()) started.complete(null);
                else started.completeExceptionally(r.cause());
            });
            try {
                server.start(promise);
            } catch (Exception e) {
                started.completeExceptionally(e);
            }
        });
        started.get(60, TimeUnit.SECONDS);
        return new TrainingUi(server, vertx, host, server.getPort());
    }

    /** Attaches a run's network: its statistics are kept in the run folder and shown live. */
    public void attach(ComputationGraph net, Path runDir) {
        StatsStorage storage = new FileStatsStorage(runDir.resolve("ui-stats.dl4j").toFile());
        server.attach(storage);
        net.addListeners(new StatsListener(storage));
        log.info("DL4J training UI: http://{}:{}/train (statistics also saved in {})", host.contains(":") ? "[" + host + "]" : host,
                port, runDir.resolve("ui-stats.dl4j"));
    }

    public int port() {
        return port;
    }

    public void stop() {
        vertx.close();
    }

    /**
     * The Vert.x instance DL4J's server is given: the same, except that the HTTP server it creates binds to
     * {@code host} (DL4J calls the no-argument {@code createHttpServer()}, which binds to every interface).
     */
    static Vertx boundTo(Vertx vertx, String host) {
        return (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[]{Vertx.class}, (proxy, method, args) -> {
            if (method.getName().equals("createHttpServer") && method.getParameterCount() == 0) {
                return limited(vertx.createHttpServer(new HttpServerOptions().setHost(host)), host);
            }
            try {
                return method.invoke(vertx, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    /**
     * The server, listening on {@code host} only (DL4J calls {@code listen(port, handler)}, which Vert.x
     * binds to 0.0.0.0 whatever the options say), with every request handler first turning away bodies
     * over {@link #MAX_BODY}.
     */
    @SuppressWarnings("unchecked")
    static HttpServer limited(HttpServer server, String host) {
        return (HttpServer) Proxy.newProxyInstance(HttpServer.class.getClassLoader(), new Class<?>[]{HttpServer.class}, (proxy, method, args) -> {
            if (method.getName().equals("listen") && args != null && args.length == 2 && args[0] instanceof Integer port
                    && args[1] instanceof Handler<?> done) {
                server.listen(port, host, (Handler<io.vertx.core.AsyncResult<HttpServer>>) done);
                return proxy;
            }
            if (method.getName().equals("requestHandler") && args != null && args.length == 1) {
                Handler<HttpServerRequest> inner = (Handler<HttpServerRequest>) args[0];
                server.requestHandler(request -> {
                    String length = request.getHeader("Content-Length");
                    boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
                    if (chunked || (length != null && parse(length) > MAX_BODY)) {
                        request.response().setStatusCode(413).end("request body too large (over 1 MB)");
                    } else {
                        inner.handle(request);
                    }
                });
                return proxy;
            }
            try {
                Object r = method.invoke(server, args);
                return r == server ? proxy : r;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
