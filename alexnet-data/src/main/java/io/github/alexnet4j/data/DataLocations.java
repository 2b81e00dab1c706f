package io.github.alexnet4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Where datasets live: an explicit path wins; else the {@code ALEXNET_DATA} environment variable (or
 * the {@code alexnet.data} system property); else {@code ../shared/datasets} beside the project
 * (the {@code alexnet.home} property, set by the launcher; the working directory without it).
 * Downloads and computed statistics for read-only datasets go to {@code ALEXNET_CACHE} (default
 * {@code ~/.cache/alexnet}).
 */
public final class DataLocations {
    public static final String ENV = "ALEXNET_DATA";
    public static final String CACHE_ENV = "ALEXNET_CACHE";
    public static final String OFFLINE_ENV = "ALEXNET_OFFLINE";

    private DataLocations() {
    }

    public static Path dataRoot() {
        String v = System.getenv(ENV);
        if (v == null || v.isBlank()) v = System.getProperty("alexnet.data");
        if (v == null || v.isBlank()) {
            // beside the project, wherever the command is run from (the launcher sets alexnet.home)
            String home = System.getProperty("alexnet.home");
            return Paths.get(home == null ? "." : home).toAbsolutePath().resolve("../shared/datasets").normalize();
        }
        return Paths.get(v).toAbsolutePath().normalize();
    }

    /** True when downloads must not be attempted ({@code ALEXNET_OFFLINE=1} or {@code -Dalexnet.offline=true}). */
    public static boolean offline() {
        String v = System.getenv(OFFLINE_ENV);
        if (v == null || v.isBlank()) v = System.getProperty("alexnet.offline");
        return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
    }

    public static Path cacheRoot() {
        String v = System.getenv(CACHE_ENV);
        if (v == null || v.isBlank()) v = System.getProperty("alexnet.cache");
        if (v == null || v.isBlank()) v = System.getProperty("user.home") + "/.cache/alexnet";
        return Paths.get(v).toAbsolutePath().normalize();
    }

    /**
     * Where to keep statistics of the dataset at {@code datasetDir}: beside it if that folder is
     * writable, else in the cache under a name derived from its path.
     */
    public static Path statsFileFor(Path datasetDir, int storedSize) {
        String name = "alexnet-stats-" + storedSize + ".json";
        Path dir = datasetDir.toAbsolutePath().normalize();
        if (Files.isWritable(dir)) return dir.resolve(name);
        String key = Integer.toHexString(dir.toString().hashCode());
        return cacheRoot().resolve("stats").resolve(dir.getFileName() + "-" + key + "-" + name);
    }
}
