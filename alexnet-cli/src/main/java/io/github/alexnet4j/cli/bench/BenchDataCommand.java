package io.github.alexnet4j.cli.bench;

import io.github.alexnet4j.train.report.MachineInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.cli.bench.DataBenchmark;
import io.github.alexnet4j.data.DataLocations;
import io.github.alexnet4j.data.layouts.ImageNet;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import io.github.alexnet4j.data.decoding.Preparer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "bench-data", mixinStandardHelpOptions = true,
        description = "Measure the input pipeline (decode + the paper's transforms) in images/s; writes results/bench/.")
public final class BenchDataCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "results/bench", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--passes", defaultValue = "3", description = "passes per measurement; the best is reported")
    int passes;

    @Override
    public Integer call() throws Exception {
        Path data = DataLocations.dataRoot();
        LabelledFiles full = ImageNet.wnidPrefixedFolder(data.resolve("imagenet-samples"));
        // prepared copies, written once into the cache in a class-folder layout
        Path byClass = DataLocations.cacheRoot().resolve("bench/imagenet-samples-by-class");
        for (int i = 0; i < full.size(); i++) {
            Path link = byClass.resolve(full.classNames().get(full.labels()[i])).resolve(full.files().get(i).getFileName());
            if (!Files.exists(link)) {
                Files.createDirectories(link.getParent());
                Files.createSymbolicLink(link, full.files().get(i).toAbsolutePath());
            }
        }
        Path prepared = DataLocations.cacheRoot().resolve("bench/imagenet-samples-256");
        Preparer.prepare(byClass, prepared, 256, 2, new BadImageReport(), false);
        LabelledFiles prep = ClassFolders.scan(prepared);
        LabelledFiles cifar = ClassFolders.scan(data.resolve("cifar10/test"));

        List<DataBenchmark.Row> rows = DataBenchmark.all(full, prep, cifar, passes);
        Map<String, String> machine = MachineInfo.describe(MachineInfo.commandLine("./alexnet bench-data --passes " + passes));
        StringBuilder md = new StringBuilder("# Input pipeline throughput\n\n");
        md.append("Decode + prepare (if needed) + random crop + mirror + per-pixel mean + PCA lighting into the float "
                + "batch array, batch 64, no in-memory cache; best of ").append(passes).append(" passes.\n\n");
        md.append("| data | images | stored | crop | threads | images/s |\n|---|---|---|---|---|---|\n");
        for (DataBenchmark.Row r : rows) {
            md.append(String.format("| %s | %d | %d | %d | %d | %.0f |%n", r.dataset(), r.images(), r.storedSize(),
                    r.cropSize(), r.threads(), r.imagesPerSecond()));
        }
        md.append("\n## Provenance\n\n").append(MachineInfo.markdown(machine));
        Files.createDirectories(out);
        Files.writeString(out.resolve("data-pipeline.md"), md.toString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provenance", machine);
        json.put("rows", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve("data-pipeline.json").toFile(), json);
        System.out.print(md);
        return 0;
    }
}
