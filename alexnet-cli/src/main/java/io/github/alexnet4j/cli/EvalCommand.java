package io.github.alexnet4j.cli;

import io.github.alexnet4j.data.Datasets;
import io.github.alexnet4j.data.batches.FileImageSource;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.decoding.BadImageReport;
import io.github.alexnet4j.data.layouts.ImageNet;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import io.github.alexnet4j.data.transforms.InputPipeline;
import io.github.alexnet4j.train.ModelPackage;
import io.github.alexnet4j.train.eval.ErrorRates;
import io.github.alexnet4j.train.eval.Evaluator;
import io.github.alexnet4j.train.report.Charts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Top-1/top-5 error of a model with the centre crop and with the paper's ten crops,",
                "per-class accuracy and, for up to 100 classes, a confusion-matrix PNG. Several --model options",
                "evaluate an ensemble, as in the paper's Table 2: each model, and their averaged predictions."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "model.zip or a checkpoint; repeat for an ensemble")
    List<Path> models;

    @Option(names = "--data", description = "class folders to evaluate on (default: the validation set the first model was trained with)")
    Path data;

    @Option(names = "--out", description = "where to write confusion.png (default: beside the first model)")
    Path out;

    @Option(names = "--no-ten-crop", description = "centre crop only")
    boolean noTenCrop;

    @Override
    public Integer call() throws Exception {
        BadImageReport bad = new BadImageReport();
        List<ModelPackage> members = new ArrayList<>();
        for (Path p : models) members.add(ModelPackage.read(p));
        List<String> labels = members.get(0).labels();
        for (int i = 1; i < members.size(); i++) {
            if (!members.get(i).labels().equals(labels)) {
                throw new IllegalArgumentException(models.get(i) + " has other classes than " + models.get(0)
                        + ": an ensemble's members must predict the same classes in the same order");
            }
        }
        List<InputPipeline.Mode> modes = noTenCrop ? List.of(InputPipeline.Mode.CENTER)
                : List.of(InputPipeline.Mode.CENTER, InputPipeline.Mode.TEN_CROP);
        if (members.size() == 1) {
            single(members.get(0), modes, bad);
        } else {
            ensemble(members, modes, bad);
        }
        System.out.println(bad.summary());
        return 0;
    }

    private void single(ModelPackage m, List<InputPipeline.Mode> modes, BadImageReport bad) throws Exception {
        ImageSource source = images(m, m.labels());
        InputPipeline pipeline = pipeline(m);
        ErrorRates centre = null;
        for (InputPipeline.Mode mode : modes) {
            ErrorRates e = Evaluator.errorRates(m.net(), source, pipeline, mode, bad);
            System.out.println(e.summary(name(mode)));
            if (centre == null) centre = e;
        }
        if (centre.classNames().size() <= 100) {
            System.out.println();
            System.out.print(centre.perClassTable());
            Path png = (out != null ? out : models.get(0).toAbsolutePath().getParent()).resolve("confusion.png");
            Files.createDirectories(png.getParent());
            Charts.confusion(centre, png);
            System.out.println("\nConfusion matrix: " + png);
        }
    }

    /** Each member on the same images (each with its own crop size and mean), then their averaged probabilities. */
    private void ensemble(List<ModelPackage> members, List<InputPipeline.Mode> modes, BadImageReport bad) throws Exception {
        for (InputPipeline.Mode mode : modes) {
            List<Evaluator.Scores> scores = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                ModelPackage m = members.get(i);
                Evaluator.Scores s = Evaluator.scores(m.net(), images(m, members.get(0).labels()), pipeline(m), mode, bad);
                scores.add(s);
                System.out.println(ErrorRates.of(s.probabilities(), s.labels(), s.classNames())
                        .summary(name(mode) + ", model " + (i + 1) + " (" + models.get(i) + ")"));
            }
            Evaluator.Scores avg = Evaluator.average(scores);
            System.out.println(ErrorRates.of(avg.probabilities(), avg.labels(), avg.classNames())
                    .summary(name(mode) + ", average of " + members.size() + " models"));
        }
    }

    private ImageSource images(ModelPackage m, List<String> labels) {
        ImageSource source;
        if (data == null) {
            source = Datasets.open(m.config().data()).validation();
        } else {
            LabelledFiles files = ImageNet.validationFolders(data, labels);
            source = new FileImageSource(files, m.config().data().storedSize(), false);
        }
        if (source.numClasses() != labels.size()) {
            throw new IllegalStateException("the data has " + source.numClasses() + " classes, the model " + labels.size());
        }
        return source;
    }

    private static InputPipeline pipeline(ModelPackage m) {
        return m.config().data().pipeline(m.config().model().inputSize(), m.stats());
    }

    private static String name(InputPipeline.Mode mode) {
        return mode == InputPipeline.Mode.CENTER ? "centre crop" : "ten crops";
    }
}
