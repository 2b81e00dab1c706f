package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.RunConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options every command that builds a run configuration shares. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, description = "YAML run configuration (default: configs/cifar10.yaml)")
    Path config;

    @Option(names = "--data", description = "dataset folder (default: $ALEXNET_DATA/<dataset>)")
    String data;

    @Option(names = "--set", description = "override a config value, e.g. --set training.batchSize=64", paramLabel = "KEY=VALUE")
    List<String> overrides = new ArrayList<>();

    /** The config file given, or the main job's. */
    Path file() {
        return config != null ? config : Path.of(System.getProperty("alexnet.home", ".")).resolve("configs/cifar10.yaml");
    }

    public RunConfig load() {
        return load(List.of());
    }

    /** The config file with, in order, the --set overrides, {@code more}, and --data. */
    public RunConfig load(List<String> more) {
        return RunConfig.load(file(), overrides(more));
    }

    /** The --set overrides, then {@code more}, then --data as {@code data.path}. */
    List<String> overrides(List<String> more) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(more);
        if (data != null) all.add("data.path=" + Path.of(data).toAbsolutePath());
        return all;
    }
}
