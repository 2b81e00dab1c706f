package io.github.alexnet4j.train.report;

import io.github.alexnet4j.model.backend.Dnnl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Provenance recorded beside every number: command, commit, date and machine. */
public final class MachineInfo {

    private MachineInfo() {
    }

    /**
     * The command as typed: {@code ./alexnet} passes its arguments on in {@code alexnet.args};
     * {@code fallback} when started some other way (tests, spark-submit).
     */
    public static String commandLine(String fallback) {
        String args = System.getProperty("alexnet.args");
        return args != null ? "./alexnet " + args : fallback;
    }

    public static Map<String, String> describe(String command) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("command", command);
        // JVM options from the environment change what runs (e.g. -Dalexnet.layers=dl4j in an A/B bench)
        String javaOptions = System.getenv("JDK_JAVA_OPTIONS");
        if (javaOptions != null && !javaOptions.isBlank()) m.put("JDK_JAVA_OPTIONS", javaOptions.strip());
        m.put("commit", commit());
        m.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        m.put("cpu", cpuModel());
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("memory", memory());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("nd4j natives", nativeBuild());
        m.put("malloc", malloc());
        m.put("convolution", convolution());
        return m;
    }

    /** Which path ran the convolutions: oneDNN called directly, or libnd4j's helpers (and why). */
    static String convolution() {
        if (Dnnl.available()) return "oneDNN " + Dnnl.version() + " called directly, channels-last from conv1 to pool5 (convolutions, LRN, max-pooling)"
                + (Dnnl.bf16() ? "; convolutions in bf16 (-D" + Dnnl.BF16_PROPERTY + "=true)" : "");
        return "libnd4j's oneDNN helpers (NCHW)" + (Dnnl.switchedOff() ? ", -D" + Dnnl.PROPERTY + "=false" : "");
    }

    /** The environment variable of glibc's mmap threshold (the README's low-memory setting). */
    public static final String MALLOC_THRESHOLD = "MALLOC_MMAP_THRESHOLD_";

    /**
     * glibc's mmap threshold as set for this process: the README's low-memory setting (4 MB) lowers peak
     * memory by up to a fifth and costs some speed, so neither figure can be compared without it.
     */
    public static String malloc() {
        String threshold = System.getenv(MALLOC_THRESHOLD);
        return threshold == null || threshold.isBlank() ? "glibc defaults (dynamic mmap threshold)"
                : MALLOC_THRESHOLD + "=" + threshold.strip();
    }

    public static String markdown(Map<String, String> info) {
        StringBuilder sb = new StringBuilder();
        info.forEach((k, v) -> sb.append("- ").append(k).append(": `").append(v).append("`\n"));
        return sb.toString();
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    /** The CPU's vector and matrix extensions that decide what the kernels can use (from /proc/cpuinfo). */
    public static String cpuFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (!line.startsWith("flags")) continue;
                java.util.Set<String> have = java.util.Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
                return java.util.stream.Stream.of("avx", "avx2", "fma", "avx512f", "avx512_vnni", "avx512_bf16", "amx_tile")
                        .filter(have::contains).collect(java.util.stream.Collectors.joining(" "));
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return "?";
    }

    static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    long kb = Long.parseLong(line.replaceAll("\\D", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return "?";
    }

    /** Which ND4J native build is loaded (the classifier jar on the classpath). */
    public static String nativeBuild() {
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String f = Path.of(e).getFileName() == null ? "" : Path.of(e).getFileName().toString();
            if (f.matches("nd4j-native-\\d.*-linux.*\\.jar")) return f.replace(".jar", "");
            if (f.startsWith("nd4j-cuda")) return f.replace(".jar", "");
        }
        return "?";
    }

    /**
     * The commit the running code was built from: the {@code ./alexnet} launcher passes it
     * ({@value #COMMIT_PROPERTY}), since a long run outlives the working tree's HEAD; otherwise (tests,
     * an IDE) the working tree's HEAD, marked when tracked files differ from it; "unknown" outside a checkout.
     */
    static String commit() {
        String built = System.getProperty(COMMIT_PROPERTY, "").trim();
        if (!built.isEmpty()) return built;
        String head = git("rev-parse", "HEAD");
        if (head.equals("unknown")) return head;
        return head + (git("status", "--porcelain", "--untracked-files=no").isBlank() ? "" : " (with uncommitted changes)");
    }

    /** Set by the launcher to the commit its jars were built from. */
    public static final String COMMIT_PROPERTY = "alexnet.commit";

    static String git(String... args) {
        try {
            // the project's own commit, wherever the command was started from
            String home = System.getProperty("alexnet.home", ".");
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = home;
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
