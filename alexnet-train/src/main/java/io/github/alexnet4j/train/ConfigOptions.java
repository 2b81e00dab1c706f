package io.github.alexnet4j.train;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The options every command that builds a run configuration shares. */
public final class ConfigOptions {

    @Option(names = {"-c", "--config"}, description = "YAML run configuration (default: ${DEFAULT-VALUE})",
            defaultValue = "${sys:alexnet.home:-.}/configs/cifar10.yaml")
    Path config;

    @Option(names = "--data", description = "dataset folder (default: $ALEXNET_DATA/<dataset>)")
    String data;

    @Option(names = "--set", description = "override a config value, e.g. --set training.batchSize=64", paramLabel = "KEY=VALUE")
    List<String> overrides = new ArrayList<>();

    public RunConfig load() {
        return load(List.of());
    }

    /** The config file with, in order, the --set overrides, {@code more}, and --data. */
    public RunConfig load(List<String> more) {
        List<String> all = new ArrayList<>(overrides);
        all.addAll(more);
        if (data != null) all.add("data.path=" + Path.of(data).toAbsolutePath());
        return RunConfig.load(config, all);
    }
}
