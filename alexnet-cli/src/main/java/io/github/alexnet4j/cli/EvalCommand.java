package io.github.alexnet4j.cli;

import io.github.alexnet4j.train.eval.Evaluator;
import io.github.alexnet4j.data.Datasets;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.Trainer;
import io.github.alexnet4j.train.eval.ErrorRates;
import io.github.alexnet4j.train.report.Charts;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.layouts.ImageNet;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Top-1/top-5 error of a model with the centre crop and with the paper's ten crops,",
                "per-class accuracy and, for up to 100 classes, a confusion-matrix PNG."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model.zip or a checkpoint")
    Path model;

    @Option(names = "--data", description = "class folders to evaluate on (default: the validation set the model was trained with)")
    Path data;

    @Option(names = "--out", description = "where to write confusion.png (default: beside the model)")
    Path out;

    @Option(names = "--no-ten-crop", description = "centre crop only")
    boolean noTenCrop;

    @Override
    public Integer call() throws Exception {
        ModelPackage m = ModelPackage.read(model);
        ImageSource source;
        if (data == null) {
            source = Datasets.open(m.config().data()).validation();
        } else {
            LabelledFiles files = ImageNet.validationFolders(data, m.labels());
            source = new FileImageSource(files, m.config().data().storedSize(), false);
        }
        if (source.numClasses() != m.labels().size()) {
            throw new IllegalStateException("the data has " + source.numClasses() + " classes, the model " + m.labels().size());
        }
        InputPipeline pipeline = m.config().data().pipeline(m.config().model().inputSize(), m.stats());
        BadImageReport bad = new BadImageReport();
        ErrorRates centre = Evaluator.errorRates(m.net(), source, pipeline, InputPipeline.Mode.CENTER, bad);
        System.out.println(centre.summary("centre crop"));
        if (!noTenCrop) {
            System.out.println(Evaluator.errorRates(m.net(), source, pipeline, InputPipeline.Mode.TEN_CROP, bad).summary("ten crops"));
        }
        if (centre.classNames().size() <= 100) {
            System.out.println();
            System.out.print(centre.perClassTable());
            Path png = (out != null ? out : model.toAbsolutePath().getParent()).resolve("confusion.png");
            Files.createDirectories(png.getParent());
            Charts.confusion(centre, png);
            System.out.println("\nConfusion matrix: " + png);
        }
        System.out.println(bad.summary());
        return 0;
    }
}
