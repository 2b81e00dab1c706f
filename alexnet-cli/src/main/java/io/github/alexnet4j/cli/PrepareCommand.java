package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.decoding.Preparer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Write every image of a class-folder dataset once, rescaled to its shorter side and",
                "centre-cropped to SIZE×SIZE (the paper's 256×256), as JPEGs in the same layout. Training",
                "on the prepared copy skips the expensive full-size decode every epoch."})
final class PrepareCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "source dataset (class folders)")
    Path source;

    @Parameters(index = "1", description = "destination folder")
    Path destination;

    @Option(names = "--size", defaultValue = "256", description = "side of the prepared images (default: ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--threads", defaultValue = "2", description = "parallel workers (default: ${DEFAULT-VALUE})")
    int threads;

    @Override
    public Integer call() {
        BadImageReport bad = new BadImageReport();
        Preparer.Result r = Preparer.prepare(source, destination, size, threads, bad, System.console() != null);
        System.out.printf("prepared %d images (%d already there) into %s%n%s%n", r.written(), r.skipped(), destination,
                bad.summary());
        if (!r.failed().isEmpty()) {
            r.failed().stream().limit(10).forEach(f -> System.err.println("alexnet: could not write " + f));
            System.err.printf("alexnet: %d images could not be written (first ones above); fix the cause and run prepare "
                    + "again: it skips what is done%n", r.failed().size());
            return 1;
        }
        return 0;
    }
}
