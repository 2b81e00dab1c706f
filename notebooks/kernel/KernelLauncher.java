import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.logging.LogManager;

/**
 * Starts the rapaio Java kernel (io.github.padreati:rapaio-jupyter-kernel 3.0.1) as its own main class
 * does, with one difference. Its Channels.connect() binds the sockets first and installs the message
 * handlers after; jupyter_client queues kernel_info requests while the JVM starts, so they arrive the
 * moment the shell socket binds, the shell thread finds no handler map (NullPointerException) and dies,
 * and the kernel never answers: nbconvert then waits out its start-up timeout. Here the map exists
 * (empty) before the sockets bind, so an early request is logged as unhandled, the thread lives, and the
 * client's next request (it repeats them every second) is answered.
 *
 * Run by Jupyter in Java's source-file mode (notebooks/setup writes the kernel spec):
 *   java -cp rapaio-jupyter-kernel-3.0.1.jar notebooks/kernel/KernelLauncher.java {connection_file}
 */
public class KernelLauncher {

    public static void main(String[] args) throws Exception {
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
        channelsType.getMethod("joinUntilClose").invoke(channels);
    }
}
