package io.github.alexnet4j.cli;

import io.github.alexnet4j.interop.InputConvention;
import io.github.alexnet4j.interop.Labels;
import io.github.alexnet4j.interop.caffe.CaffeImporter;
import io.github.alexnet4j.interop.onnx.OnnxImporter;
import io.github.alexnet4j.model.AlexNetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code alexnet import caffe|onnx}: trained AlexNets from other frameworks as this project's model files. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a trained AlexNet (Caffe's bvlc_alexnet, the ONNX model zoo's, torchvision's) as a model file.",
        subcommands = {ImportCommand.Caffe.class, ImportCommand.Onnx.class})
final class ImportCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "caffe", mixinStandardHelpOptions = true,
            description = {"A Caffe AlexNet: deploy prototxt + .caffemodel (both NetParameter forms). Prints the weights'",
                    "SHA-1 and whether it is a model-zoo file. The model takes this project's RGB input and carries the mean."})
    static final class Caffe implements Callable<Integer> {
        @Option(names = "--prototxt", required = true, description = "the network (deploy.prototxt)")
        Path prototxt;

        @Option(names = "--weights", required = true, description = "the trained weights (.caffemodel)")
        Path weights;

        @Option(names = "--mean", description = "the mean image (imagenet_mean.binaryproto); default: per channel 104, 117, 123 (BGR)")
        Path mean;

        @Option(names = "--labels", description = "class names, one per line in output order (synset_words.txt)")
        Path labels;

        @Option(names = "--out", required = true, description = "the model file to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            CaffeImporter.Report r = CaffeImporter.run(prototxt, weights, mean, labels, out);
            System.out.println("SHA-1 " + r.sha1() + "  " + weights
                    + (r.knownAs() != null ? "  = " + r.knownAs() : "  (not a published model-zoo file)"));
            summary(r.config(), r.input(), r.model());
            return 0;
        }
    }

    @Command(name = "onnx", mixinStandardHelpOptions = true,
            description = {"An AlexNet-family ONNX graph (opset 7+): torchvision's alexnet exported by torch.onnx.export, the",
                    "ONNX model zoo's bvlc_alexnet/caffenet, or a file `alexnet export onnx` wrote (which says its input itself)."})
    static final class Onnx implements Callable<Integer> {
        @Parameters(index = "0", description = "the .onnx file")
        Path file;

        @Option(names = "--preset", description = "the input the network was trained on: torchvision (RGB, ImageNet mean/std) or caffe (BGR, 0-255 minus 104/117/123)")
        String preset;

        @Option(names = "--mean", split = ",", description = "mean R,G,B on the 0-255 scale (instead of --preset)")
        double[] mean;

        @Option(names = "--std", split = ",", description = "standard deviation R,G,B on the 0-255 scale the input is divided by (default 1,1,1)")
        double[] std;

        @Option(names = "--bgr", description = "the network's input channels are in BGR order")
        boolean bgr;

        @Option(names = "--labels", description = "class names, one per line in output order")
        Path labels;

        @Option(names = "--out", required = true, description = "the model file to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            OnnxImporter.Report r = OnnxImporter.run(file, input(), labels != null ? Labels.read(labels) : null, out);
            summary(r.mapped().config(), r.input(), r.model());
            return 0;
        }

        private InputConvention input() {
            InputConvention c = null;
            if (preset != null) {
                c = switch (preset) {
                    case "torchvision" -> InputConvention.torchvision();
                    case "caffe" -> InputConvention.caffe();
                    default -> throw new IllegalArgumentException("--preset " + preset + ": torchvision or caffe");
                };
            }
            if (mean != null || std != null) {
                double[] m = mean != null ? triple("--mean", mean) : c != null ? c.channelMean() : new double[3];
                double[] s = std != null ? triple("--std", std) : new double[]{1, 1, 1};
                c = new InputConvention(false, m, null, 0, new double[]{1 / s[0], 1 / s[1], 1 / s[2]});
            }
            if (bgr) c = (c != null ? c : InputConvention.ofScale(new double[3], 1)).withBgr(true);
            return c;
        }

        private static double[] triple(String option, double[] v) {
            if (v.length != 3) throw new IllegalArgumentException(option + " takes three values R,G,B");
            return v;
        }
    }

    static void summary(AlexNetConfig c, InputConvention input, Path model) {
        System.out.printf("imported: %d towers, conv widths %d/%d/%d/%d/%d, %d×%d input, LRN %s, %d classes%n", c.towers(),
                c.convWidth(1), c.convWidth(2), c.convWidth(3), c.convWidth(4), c.convWidth(5), c.inputSize(), c.inputSize(),
                !c.lrn() ? "none" : c.lrnPlacement() + (c.lrnAcrossTowers() ? " across both towers" : ""), c.numClasses());
        System.out.println("the source's input: " + input + "; the model takes RGB minus its mean, as this project's own");
        System.out.println("model: " + model);
    }
}
