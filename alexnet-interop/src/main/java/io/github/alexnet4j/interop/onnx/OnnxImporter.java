package io.github.alexnet4j.interop.onnx;

import io.github.alexnet4j.interop.AlexNetMapping;
import io.github.alexnet4j.interop.ImportException;
import io.github.alexnet4j.interop.ImportedModel;
import io.github.alexnet4j.interop.InputConvention;
import io.github.alexnet4j.interop.NetSpec;
import onnx.OnnxMl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code alexnet import onnx}: an AlexNet-family ONNX file as this project's model file. How the network
 * expects its input (channel order, mean, scale) is not part of ONNX: a file this project exported says
 * it in its metadata; for others it comes from {@code --preset} or {@code --mean}/{@code --std}/{@code --bgr}.
 */
public final class OnnxImporter {

    /** Metadata keys this project's exporter writes. */
    static final String BGR = "alexnet.input.bgr", MEAN = "alexnet.input.mean", MULTIPLIER = "alexnet.input.multiplier",
            LABELS = "alexnet.labels";

    public record Report(NetSpec spec, AlexNetMapping.Result mapped, InputConvention input, Path model) {
    }

    private OnnxImporter() {
    }

    /**
     * @param input how the network expects its input, or null to take it from the file's metadata (fails
     *              naming the options when the file has none)
     */
    public static Report run(Path file, InputConvention input, List<String> labels, Path out) throws IOException {
        OnnxMl.ModelProto model = OnnxImport.readModel(file);
        Map<String, String> meta = new HashMap<>();
        for (OnnxMl.StringStringEntryProto e : model.getMetadataPropsList()) meta.put(e.getKey(), e.getValue());
        if (input == null) input = fromMetadata(file, meta);
        if (labels == null && meta.containsKey(LABELS)) labels = Arrays.asList(meta.get(LABELS).split("\n"));
        NetSpec spec = OnnxImport.read(file, model);
        AlexNetMapping.Result mapped = AlexNetMapping.map(spec, input);
        String name = file.getFileName().toString().replaceFirst("\\.onnx$", "");
        ImportedModel.write(name, mapped, input, labels, out);
        return new Report(spec, mapped, input, out);
    }

    static InputConvention fromMetadata(Path file, Map<String, String> meta) {
        if (!meta.containsKey(MEAN) || !meta.containsKey(MULTIPLIER)) {
            throw new ImportException(file + " does not say how its input is normalised: give --preset torchvision or "
                    + "--preset caffe, or --mean R,G,B and --std R,G,B (0-255 scale; --bgr if its channels are BGR)");
        }
        return new InputConvention(Boolean.parseBoolean(meta.getOrDefault(BGR, "false")), triple(meta.get(MEAN)), null, 0,
                triple(meta.get(MULTIPLIER)));
    }

    static double[] triple(String csv) {
        double[] v = Arrays.stream(csv.split(",")).mapToDouble(Double::parseDouble).toArray();
        if (v.length != 3) throw new ImportException("expected three values (R,G,B), got '" + csv + "'");
        return v;
    }
}
