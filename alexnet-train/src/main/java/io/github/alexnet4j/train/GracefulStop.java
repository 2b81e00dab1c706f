package io.github.alexnet4j.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGTERM or Ctrl-C during training: the JVM's shutdown hook asks the epoch loop to stop, and waits while
 * the loop finishes its current step and writes a checkpoint there, so at most one step is lost (not
 * everything since the last periodic checkpoint).
 */
final class GracefulStop implements AutoCloseable {

    /** Longest the hook waits for the checkpoint (the paper network's takes seconds). */
    static final long WAIT_SECONDS = 300;

    private final Thread hook;
    private final CountDownLatch saved = new CountDownLatch(1);
    private volatile boolean requested;

    GracefulStop() {
        hook = new Thread(() -> {
            requested = true;
            try {
                saved.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "alexnet-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean requested() {
        return requested;
    }

    /** The loop saved what it had (or has nothing more to save): the JVM may exit. */
    void saved() {
        saved.countDown();
    }

    @Override
    public void close() {
        saved.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns once saved() was called
        }
    }
}
