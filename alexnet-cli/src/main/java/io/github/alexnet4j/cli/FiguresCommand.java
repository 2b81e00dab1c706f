package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.layouts.DatasetLayout;
import io.github.alexnet4j.data.Datasets;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.Trainer;
import io.github.alexnet4j.train.report.MachineInfo;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.batches.SubsetImageSource;
import io.github.alexnet4j.train.report.figures.KernelFigure;
import io.github.alexnet4j.train.report.figures.NeighbourFigure;
import io.github.alexnet4j.train.report.figures.PredictionFigure;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "figures", mixinStandardHelpOptions = true,
        description = {"The paper's Figures 3 and 4 from a model file: conv1 kernels per tower (with a colour-",
                "specificity number per tower), test images with their top-5 labels, and the training images",
                "nearest to query images in fc7 feature space."})
final class FiguresCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model.zip")
    Path model;

    @Option(names = "--out", defaultValue = "results/figures", description = "output folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--images", defaultValue = "8", description = "test images in Figure 4 left (default: ${DEFAULT-VALUE})")
    int images;

    @Option(names = "--queries", defaultValue = "6", description = "query images in Figure 4 right (default: ${DEFAULT-VALUE})")
    int queries;

    @Option(names = "--neighbours", defaultValue = "6", description = "neighbours per query (default: ${DEFAULT-VALUE})")
    int neighbours;

    @Option(names = "--seed", defaultValue = "7", description = "which test images are shown")
    long seed;

    @Override
    public Integer call() throws Exception {
        ModelPackage m = ModelPackage.read(model);
        m.config().model().requireAlexNet("figures (fc7 neighbours, conv1 per tower)");
        Files.createDirectories(out);
        DatasetLayout.Split split = Datasets.open(m.config().data());
        InputPipeline pipeline = m.config().data().pipeline(m.config().model().inputSize(), m.stats());
        int zoom = Math.max(1, 96 / split.train().storedSize());

        KernelFigure.Result k = KernelFigure.draw(m.net(), m.config().model(), Math.max(2, 48 / m.config().model().conv1Kernel()));
        ImageIO.write(k.image(), "png", out.resolve("figure3-conv1-kernels.png").toFile());

        ImageSource shown = new SubsetImageSource(split.validation(), images, seed);
        int[] all = java.util.stream.IntStream.range(0, shown.size()).toArray();
        ImageIO.write(PredictionFigure.draw(m.net(), pipeline, shown, all, zoom), "png",
                out.resolve("figure4-predictions.png").toFile());

        ImageSource query = new SubsetImageSource(split.validation(), queries, seed + 1);
        // named after the model's content and the images: two checkpoints of one run never share it
        Path cache = model.toAbsolutePath().getParent().resolve("fc7-train-features-" + io.github.alexnet4j.train.FileChecksum.sha1(model).substring(0, 16) + "-"
                + split.train().size() + ".bin");
        INDArray trainF = NeighbourFigure.features(m.net(), split.train(), pipeline, cache);
        INDArray queryF = NeighbourFigure.features(m.net(), query, pipeline, null);
        int[] q = java.util.stream.IntStream.range(0, query.size()).toArray();
        ImageIO.write(NeighbourFigure.draw(queryF, q, query, trainF, split.train(), neighbours, zoom), "png",
                out.resolve("figure4-neighbours.png").toFile());

        StringBuilder md = new StringBuilder("# The paper's figures from `" + model + "`\n\n");
        md.append("## Figure 3: conv1 kernels\n\n![kernels](figure3-conv1-kernels.png)\n\n");
        md.append("Colour specificity per tower (share of each kernel's energy that differs between R, G and B; "
                + "0 = grey pattern, 1 = purely chromatic), mean over the tower's kernels:\n\n");
        for (int t = 0; t < k.towerColourSpecificity().size(); t++) {
            md.append(String.format("- tower %s: %.3f%n", (char) ('A' + t), k.towerColourSpecificity().get(t)));
        }
        md.append("\nThe paper saw colour-agnostic kernels on one GPU and colour-specific ones on the other.\n\n");
        md.append("## Figure 4 (left): top-5 predictions (ten crops), correct label in red\n\n![predictions](figure4-predictions.png)\n\n");
        md.append("## Figure 4 (right): nearest training images by Euclidean distance of fc7 (" + trainF.columns()
                + "-d) features; distances printed, green = same class as the query\n\n![neighbours](figure4-neighbours.png)\n\n");
        md.append("## Provenance\n\n").append(MachineInfo.markdown(MachineInfo.describe(MachineInfo.commandLine("./alexnet figures"))));
        Files.writeString(out.resolve("figures.md"), md.toString());
        System.out.print(md);
        return 0;
    }
}
