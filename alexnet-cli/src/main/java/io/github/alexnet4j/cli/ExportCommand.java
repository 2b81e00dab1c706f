package io.github.alexnet4j.cli;

import io.github.alexnet4j.interop.dl4j.PortableExport;
import io.github.alexnet4j.interop.onnx.OnnxExport;
import io.github.alexnet4j.train.ModelPackage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code alexnet export onnx|dl4j}: this project's models for other runtimes. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a model for another runtime.",
        subcommands = {ExportCommand.Onnx.class, ExportCommand.Dl4j.class})
final class ExportCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "onnx", mixinStandardHelpOptions = true,
            description = {"ONNX (opset 13): towers as group-2 convolutions; outputs 'logits' and 'probabilities'; the",
                    "metadata holds the labels and the input recipe (mean per channel, scale)."})
    static final class Onnx implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model.zip or a checkpoint")
        Path model;

        @Option(names = "--out", required = true, description = "the .onnx file to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            OnnxExport.write(ModelPackage.read(model), out);
            System.out.println("ONNX model: " + out);
            return 0;
        }
    }

    @Command(name = "dl4j", mixinStandardHelpOptions = true,
            description = {"A model file plain DL4J (no alexnet jars) restores with ModelSerializer.restoreComputationGraph:",
                    "DL4J's stock layers and updater, the same inference outputs; labels.txt and input.txt inside."})
    static final class Dl4j implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model.zip or a checkpoint")
        Path model;

        @Option(names = "--out", required = true, description = "the model file to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            PortableExport.write(ModelPackage.read(model), out);
            System.out.println("DL4J model (stock classes only): " + out);
            return 0;
        }
    }
}
