import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.LogManager;
import javax.imageio.ImageIO;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplaySystem;
import org.rapaio.jupyter.kernel.display.MimeType;
import org.rapaio.jupyter.kernel.display.image.DefaultImageDisplayRenderer;
import org.rapaio.jupyter.kernel.global.Global;

/**
 * Starts the rapaio Java kernel (io.github.padreati:rapaio-jupyter-kernel 3.0.1) as its own main class
 * does, with three differences.
 *
 * <p>1. Start-up. Its Channels.connect() binds the sockets first and installs the message
 * handlers after; jupyter_client queues kernel_info requests while the JVM starts, so they arrive the
 * moment the shell socket binds, the shell thread finds no handler map (NullPointerException) and dies,
 * and the kernel never answers: nbconvert then waits out its start-up timeout. Here the map exists
 * (empty) before the sockets bind, so an early request is logged as unhandled, the thread lives, and the
 * client's next request (it repeats them every second) is answered.
 *
 * <p>2. Channel threads. Each channel's LoopThread sets its {@code running} flag only after
 * {@code Thread.start()}, and its loop ends at once when it finds the flag unset; a thread scheduled before
 * the flag is set exits silently, and its channel (heartbeat, shell or control) stops answering: the kernel
 * then never replies and nbconvert waits out its start-up timeout (a few starts in every few dozen here).
 * After connecting, any channel thread that exited is replaced by a copy whose flag is set before it starts.
 *
 * <p>3. Images. Its image renderer writes the PNG through {@code Base64.getEncoder().wrap(out)} and never
 * closes that stream, so the encoder's last partial group (the final one or two bytes of IEND's CRC) is
 * never written: every image in a notebook ended in {@code ...SUVORK5C} instead of {@code ...SUVORK5CYII=}.
 * Browsers forgive it, strict PNG readers do not. {@link CompleteImageRenderer} takes its place.
 *
 * Run by Jupyter in Java's source-file mode (notebooks/setup writes the kernel spec):
 *   java -cp rapaio-jupyter-kernel-3.0.1.jar notebooks/kernel/KernelLauncher.java {connection_file}
 */
public class KernelLauncher {

    public static void main(String[] args) throws Exception {
        replaceImageRenderer();
        ClassLoader rapaio = KernelLauncher.class.getClassLoader();
        Class<?> main = Class.forName("org.rapaio.jupyter.kernel.MainApp", true, rapaio);
        LogManager.getLogManager().readConfiguration(main.getClassLoader().getResourceAsStream("logging.properties"));
        Class<?> propsType = Class.forName("org.rapaio.jupyter.kernel.core.ConnectionProperties", true, rapaio);
        Method fromJson = Class.forName("org.rapaio.jupyter.kernel.core.Transform", true, rapaio)
                .getMethod("fromJson", String.class, Class.class);
        Object props = fromJson.invoke(null, Files.readString(Path.of(args[0])), propsType);
        Class<?> channelsType = Class.forName("org.rapaio.jupyter.kernel.channels.Channels", true, rapaio);
        Object channels = channelsType.getConstructor(propsType).newInstance(props);
        Field handlers = channelsType.getDeclaredField("handlers");
        handlers.setAccessible(true);
        handlers.set(channels, new HashMap<>());
        Object kernel = main.getField("kernel").get(null);
        channelsType.getMethod("connect", kernel.getClass()).invoke(channels, kernel);
        reviveExitedLoopThreads(channelsType, channels);
        channelsType.getMethod("joinUntilClose").invoke(channels);
    }

    private static void reviveExitedLoopThreads(Class<?> channelsType, Object channels) throws Exception {
        Thread.sleep(200);   // a thread that found its flag unset has returned from run() long before this
        Field set = channelsType.getDeclaredField("channels");
        set.setAccessible(true);
        Class<?> loopType = Class.forName("org.rapaio.jupyter.kernel.channels.LoopThread");
        Field running = loopType.getDeclaredField("running"), sleep = loopType.getDeclaredField("sleep"),
                body = loopType.getDeclaredField("loopBody");
        for (Field f : List.of(running, sleep, body)) f.setAccessible(true);
        for (Object channel : (Iterable<?>) set.get(channels)) {
            Field loop;
            try {
                loop = channel.getClass().getDeclaredField("loopThread");
            } catch (NoSuchFieldException sendOnly) {
                continue;   // IOPub and stdin have no loop of their own
            }
            loop.setAccessible(true);
            Thread old = (Thread) loop.get(channel);
            if (old == null || old.isAlive()) continue;
            Thread fresh = (Thread) loopType.getConstructor(String.class, long.class, Runnable.class)
                    .newInstance(old.getName(), sleep.getLong(old), body.get(old));
            running.setBoolean(fresh, true);
            loop.set(channel, fresh);
            fresh.start();
            java.util.logging.Logger.getLogger(KernelLauncher.class.getName())
                    .warning("channel thread " + old.getName() + " had exited at start; restarted");
        }
    }

    private static void replaceImageRenderer() throws ReflectiveOperationException {
        Field field = DisplaySystem.class.getDeclaredField("systemDisplayRenderers");
        field.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<DisplayRenderer> renderers = (List<DisplayRenderer>) field.get(DisplaySystem.inst());
        int at = -1;
        for (int i = 0; i < renderers.size(); i++) {
            if (renderers.get(i) instanceof DefaultImageDisplayRenderer) at = i;
        }
        if (at < 0) throw new IllegalStateException("rapaio's image renderer not found: is the kernel jar still 3.0.1?");
        renderers.set(at, new CompleteImageRenderer());
    }

    /** rapaio's image renderer with the Base64 stream finished: {@code encodeToString} of the whole file. */
    static final class CompleteImageRenderer implements DisplayRenderer {
        private static final Map<MimeType, String> FORMATS = Map.of(MimeType.PNG, "png", MimeType.GIF, "gif", MimeType.JPEG, "jpeg");

        @Override
        public Class<?> rendererClass() {
            return RenderedImage.class;
        }

        @Override
        public boolean canRender(String mime) {
            return FORMATS.containsKey(mimeOf(mime));
        }

        @Override
        public DisplayData render(String mime, Object image) {
            MimeType type = mimeOf(mime);
            if (!FORMATS.containsKey(type)) throw new IllegalArgumentException("Cannot render object with this renderer.");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try {
                ImageIO.write((RenderedImage) image, FORMATS.get(type), bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return DisplayData.withType(type.longType(), Base64.getEncoder().encodeToString(bytes.toByteArray()));
        }

        private static MimeType mimeOf(String mime) {
            return MimeType.from(mime, Global.options().display().defaultMimeImage());
        }
    }
}
