package io.github.alexnet4j.interop.caffe;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import io.github.alexnet4j.interop.ImportException;
import io.github.alexnet4j.interop.NetSpec;
import io.github.alexnet4j.interop.NetSpec.Op;
import io.github.alexnet4j.interop.caffe.proto.Caffe;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Caffe network: its structure from the prototxt (text), its weights from the .caffemodel
 * (binary), matched by layer name. Both forms of Caffe's NetParameter are read: {@code layer}
 * (LayerParameter, blob {@code shape}) and the older {@code layers} (V1LayerParameter, blob
 * num/channels/height/width) of the 2014 model-zoo files. The layers must form one chain from the input
 * (in-place ReLU and dropout included); anything the AlexNet family does not have fails naming the layer.
 */
public final class CaffeImport {

    private final Path prototxt;
    private final Path weights;

    private CaffeImport(Path prototxt, Path weights) {
        this.prototxt = prototxt;
        this.weights = weights;
    }

    /** The network of {@code prototxt} with the weights of {@code caffemodel}. */
    public static NetSpec read(Path prototxt, Path caffemodel) {
        return new CaffeImport(prototxt, caffemodel).read();
    }

    /** One layer of either form, as the importer needs it. */
    private record Layer(String name, String type, List<String> bottoms, List<String> tops, List<Caffe.BlobProto> blobs,
                         boolean trainOnly, Caffe.ConvolutionParameter conv, Caffe.PoolingParameter pool,
                         Caffe.LRNParameter lrn, Caffe.InnerProductParameter fc, Caffe.DropoutParameter dropout,
                         Caffe.ReLUParameter relu, Caffe.InputParameter input) {
    }

    private NetSpec read() {
        Caffe.NetParameter structure = readPrototxt(prototxt);
        Caffe.NetParameter learned = readBinary(weights);
        Map<String, List<Caffe.BlobProto>> blobs = new HashMap<>();
        for (Layer l : layers(learned)) if (!l.blobs().isEmpty()) blobs.put(l.name(), l.blobs());
        if (blobs.isEmpty()) {
            throw new ImportException(weights + " holds no layer with weights: it is not a trained Caffe model (.caffemodel)");
        }

        List<Layer> layers = layers(structure);
        int[] input = inputShape(structure, layers);
        String current = inputName(structure, layers);
        List<Op> ops = new ArrayList<>();
        int channels = input[1];
        int side = input[2];
        for (Layer l : layers) {
            if (l.trainOnly() || l.type().equals("Input")) continue;
            if (l.bottoms().size() != 1 || !l.bottoms().get(0).equals(current) || l.tops().size() != 1) {
                throw new ImportException(prototxt + ": layer '" + l.name() + "' takes " + l.bottoms() + " and gives "
                        + l.tops() + "; an AlexNet is one chain of layers (expected it to read '" + current + "')");
            }
            Op op = op(l, blobs.get(l.name()), channels);
            if (op instanceof NetSpec.Conv c) channels = c.out();
            ops.add(op);
            current = l.tops().get(0);
        }
        for (String name : blobs.keySet()) {
            if (layers.stream().noneMatch(l -> l.name().equals(name))) {
                throw new ImportException(weights + " has weights for layer '" + name + "', which " + prototxt
                        + " does not have: the prototxt and the weights are of different networks");
            }
        }
        if (input[2] != input[3]) throw new ImportException(prototxt + ": input " + input[2] + "×" + input[3] + " is not square");
        return new NetSpec(prototxt.getFileName().toString(), side, input[1], ops);
    }

    private Op op(Layer l, List<Caffe.BlobProto> blobs, int channelsIn) {
        String where = prototxt + ": layer '" + l.name() + "'";
        switch (l.type()) {
            case "Convolution": {
                Caffe.ConvolutionParameter p = l.conv();
                int k = single(where, "kernel_size", p.getKernelSizeList(), p.hasKernelH() ? p.getKernelH() : -1,
                        p.hasKernelW() ? p.getKernelW() : -1, -1);
                int s = single(where, "stride", p.getStrideList(), p.hasStrideH() ? p.getStrideH() : -1,
                        p.hasStrideW() ? p.getStrideW() : -1, 1);
                int pad = single(where, "pad", p.getPadList(), p.hasPadH() ? p.getPadH() : -1, p.hasPadW() ? p.getPadW() : -1, 0);
                for (int d : p.getDilationList()) if (d != 1) throw new ImportException(where + ": dilation " + d + " is not supported");
                if (!p.getBiasTerm()) throw new ImportException(where + ": a convolution without bias is not supported");
                if (p.getAxis() != 1) throw new ImportException(where + ": axis " + p.getAxis() + " is not supported");
                int out = p.getNumOutput(), group = p.getGroup();
                if (group < 1 || channelsIn % group != 0 || out % group != 0) {
                    throw new ImportException(where + ": group " + group + " does not divide its " + channelsIn + " inputs and "
                            + out + " outputs");
                }
                float[] w = blob(l, blobs, 0, new long[]{out, channelsIn / group, k, k});
                float[] b = blob(l, blobs, 1, new long[]{out});
                return new NetSpec.Conv(l.name(), out, channelsIn, k, s, pad, group, w, b);
            }
            case "ReLU":
                if (l.relu() != null && l.relu().getNegativeSlope() != 0) {
                    throw new ImportException(where + ": leaky ReLU (negative_slope " + l.relu().getNegativeSlope() + ") is not supported");
                }
                return new NetSpec.Relu(l.name());
            case "TanH":
                return new NetSpec.Tanh(l.name());
            case "LRN": {
                Caffe.LRNParameter p = l.lrn() != null ? l.lrn() : Caffe.LRNParameter.getDefaultInstance();
                if (p.getNormRegion() != Caffe.LRNParameter.NormRegion.ACROSS_CHANNELS) {
                    throw new ImportException(where + ": LRN within a channel is not supported (the paper normalises across maps)");
                }
                return new NetSpec.Lrn(l.name(), p.getLocalSize(), p.getAlpha(), p.getBeta(), p.getK(), false);
            }
            case "Pooling": {
                Caffe.PoolingParameter p = l.pool();
                if (p == null) throw new ImportException(where + ": pooling without pooling_param");
                if (p.getGlobalPooling()) throw new ImportException(where + ": global pooling is not supported");
                int k = single(where, "kernel_size", p.hasKernelSize() ? List.of(p.getKernelSize()) : List.of(),
                        p.hasKernelH() ? p.getKernelH() : -1, p.hasKernelW() ? p.getKernelW() : -1, -1);
                int s = single(where, "stride", List.of(p.getStride()), p.hasStrideH() ? p.getStrideH() : -1,
                        p.hasStrideW() ? p.getStrideW() : -1, 1);
                int pad = single(where, "pad", List.of(p.getPad()), p.hasPadH() ? p.getPadH() : -1, p.hasPadW() ? p.getPadW() : -1, 0);
                if (p.getPool() == Caffe.PoolingParameter.PoolMethod.STOCHASTIC) {
                    throw new ImportException(where + ": stochastic pooling is not supported");
                }
                return new NetSpec.Pool(l.name(), p.getPool() == Caffe.PoolingParameter.PoolMethod.MAX, k, s, pad, 0,
                        p.getRoundMode() == Caffe.PoolingParameter.RoundMode.CEIL);
            }
            case "InnerProduct": {
                Caffe.InnerProductParameter p = l.fc();
                if (p.getTranspose()) throw new ImportException(where + ": transposed weights are not supported");
                if (!p.getBiasTerm()) throw new ImportException(where + ": a fully connected layer without bias is not supported");
                if (p.getAxis() != 1) throw new ImportException(where + ": axis " + p.getAxis() + " is not supported");
                int out = p.getNumOutput();
                Caffe.BlobProto wb = blobOf(l, blobs, 0);
                long in = count(wb) / Math.max(1, out);
                float[] w = blob(l, blobs, 0, new long[]{out, in});
                float[] b = blob(l, blobs, 1, new long[]{out});
                return new NetSpec.Fc(l.name(), out, (int) in, w, b);
            }
            case "Dropout":
                return new NetSpec.Dropout(l.name(), l.dropout() != null ? l.dropout().getDropoutRatio() : 0.5);
            case "Softmax":
                return new NetSpec.Softmax(l.name());
            case "Data": case "ImageData": case "SoftmaxWithLoss": case "Accuracy":
                throw new ImportException(where + " is a " + l.type() + " layer of a training net: give the deploy prototxt "
                        + "(input declared with an Input layer or input_dim), as the model zoo ships it");
            default:
                throw new ImportException(where + ": layer type " + l.type() + " is not part of the AlexNet family and is not supported");
        }
    }

    /** A square parameter given as a list, or as _h and _w; {@code absent} when neither (-1: required). */
    private static int single(String where, String name, List<Integer> list, int h, int w, int absent) {
        if (h >= 0 || w >= 0) {
            if (h != w) throw new ImportException(where + ": " + name + " " + h + "×" + w + " is not square");
            return h;
        }
        if (list.isEmpty()) {
            if (absent < 0) throw new ImportException(where + ": no " + name);
            return absent;
        }
        for (int v : list) if (v != list.get(0)) throw new ImportException(where + ": " + name + " " + list + " is not square");
        return list.get(0);
    }

    private Caffe.BlobProto blobOf(Layer l, List<Caffe.BlobProto> blobs, int i) {
        if (blobs == null) {
            throw new ImportException(weights + " has no weights for layer '" + l.name() + "' of " + prototxt
                    + ": the prototxt and the weights are of different networks");
        }
        if (blobs.size() <= i) {
            throw new ImportException(weights + ": layer '" + l.name() + "' has " + blobs.size() + " weight blobs, needs "
                    + (i + 1));
        }
        return blobs.get(i);
    }

    /** Blob {@code i} of a layer as floats, after checking it has {@code shape}'s values (either blob form). */
    private float[] blob(Layer l, List<Caffe.BlobProto> blobs, int i, long[] shape) {
        Caffe.BlobProto b = blobOf(l, blobs, i);
        long expected = 1;
        for (long d : shape) expected *= d;
        List<Long> dims = dims(b);
        long n = count(b);
        long nonOne = dims.stream().filter(d -> d != 1).count();
        long shapeNonOne = java.util.Arrays.stream(shape).filter(d -> d != 1).count();
        boolean sameDims = dims.stream().filter(d -> d != 1).toList()
                .equals(java.util.Arrays.stream(shape).filter(d -> d != 1).boxed().toList());
        if (n != expected || (nonOne != shapeNonOne || !sameDims)) {
            throw new ImportException(weights + ": layer '" + l.name() + "' blob " + i + " has shape " + dims + ", but "
                    + prototxt + " makes it " + java.util.Arrays.toString(shape) + ": the prototxt and the weights disagree");
        }
        int values = b.getDataCount() > 0 ? b.getDataCount() : b.getDoubleDataCount();
        if (values != n) {
            throw new ImportException(weights + ": layer '" + l.name() + "' blob " + i + " declares " + n + " values and holds "
                    + values + " (a damaged file?)");
        }
        float[] out = new float[values];
        if (b.getDataCount() > 0) {
            for (int k = 0; k < values; k++) out[k] = b.getData(k);
        } else {
            for (int k = 0; k < values; k++) out[k] = (float) b.getDoubleData(k);
        }
        return out;
    }

    static List<Long> dims(Caffe.BlobProto b) {
        if (b.hasShape()) return b.getShape().getDimList();
        return List.of((long) b.getNum(), (long) b.getChannels(), (long) b.getHeight(), (long) b.getWidth());
    }

    private static long count(Caffe.BlobProto b) {
        long n = 1;
        for (long d : dims(b)) n *= d;
        return n;
    }

    private int[] inputShape(Caffe.NetParameter net, List<Layer> layers) {
        List<Long> dims = null;
        for (Layer l : layers) {
            if (l.type().equals("Input") && l.input() != null && l.input().getShapeCount() > 0) {
                dims = l.input().getShape(0).getDimList();
                break;
            }
        }
        if (dims == null && net.getInputShapeCount() > 0) dims = net.getInputShape(0).getDimList();
        if (dims == null && net.getInputDimCount() >= 4) {
            dims = net.getInputDimList().subList(0, 4).stream().map(Integer::longValue).toList();
        }
        if (dims == null || dims.size() != 4) {
            throw new ImportException(prototxt + " declares no 4-d input (an Input layer, input_shape or input_dim): "
                    + "give the deploy prototxt");
        }
        return new int[]{dims.get(0).intValue(), dims.get(1).intValue(), dims.get(2).intValue(), dims.get(3).intValue()};
    }

    private static String inputName(Caffe.NetParameter net, List<Layer> layers) {
        if (net.getInputCount() > 0) return net.getInput(0);
        for (Layer l : layers) if (l.type().equals("Input")) return l.tops().get(0);
        return "data";
    }

    /** The layers of either form, in order. */
    private static List<Layer> layers(Caffe.NetParameter net) {
        List<Layer> out = new ArrayList<>();
        for (Caffe.LayerParameter l : net.getLayerList()) {
            boolean train = l.getIncludeList().stream().anyMatch(r -> r.hasPhase() && r.getPhase() == Caffe.Phase.TRAIN)
                    || (l.hasPhase() && l.getPhase() == Caffe.Phase.TRAIN);
            out.add(new Layer(l.getName(), l.getType(), l.getBottomList(), l.getTopList(), l.getBlobsList(), train,
                    l.hasConvolutionParam() ? l.getConvolutionParam() : null, l.hasPoolingParam() ? l.getPoolingParam() : null,
                    l.hasLrnParam() ? l.getLrnParam() : null,
                    l.hasInnerProductParam() ? l.getInnerProductParam() : null,
                    l.hasDropoutParam() ? l.getDropoutParam() : null, l.hasReluParam() ? l.getReluParam() : null,
                    l.hasInputParam() ? l.getInputParam() : null));
        }
        for (Caffe.V1LayerParameter l : net.getLayersList()) {
            boolean train = l.getIncludeList().stream().anyMatch(r -> r.hasPhase() && r.getPhase() == Caffe.Phase.TRAIN);
            out.add(new Layer(l.getName(), v1Type(l.getType()), l.getBottomList(), l.getTopList(), l.getBlobsList(), train,
                    l.hasConvolutionParam() ? l.getConvolutionParam() : null, l.hasPoolingParam() ? l.getPoolingParam() : null,
                    l.hasLrnParam() ? l.getLrnParam() : null,
                    l.hasInnerProductParam() ? l.getInnerProductParam() : null,
                    l.hasDropoutParam() ? l.getDropoutParam() : null, l.hasReluParam() ? l.getReluParam() : null, null));
        }
        return out;
    }

    /** The old enum layer types under their newer names. */
    private static String v1Type(Caffe.V1LayerParameter.LayerType t) {
        return switch (t) {
            case CONVOLUTION -> "Convolution";
            case RELU -> "ReLU";
            case TANH -> "TanH";
            case LRN -> "LRN";
            case POOLING -> "Pooling";
            case INNER_PRODUCT -> "InnerProduct";
            case DROPOUT -> "Dropout";
            case SOFTMAX -> "Softmax";
            case DATA -> "Data";
            case IMAGE_DATA -> "ImageData";
            case SOFTMAX_LOSS -> "SoftmaxWithLoss";
            case ACCURACY -> "Accuracy";
            default -> t.name();
        };
    }

    static Caffe.NetParameter readPrototxt(Path file) {
        String text;
        try {
            if (Files.size(file) > (64L << 20)) {
                throw new ImportException(file + " is " + Files.size(file) / (1 << 20) + " MB: a prototxt is text of a few KB "
                        + "(is it the .caffemodel?)");
            }
            text = Files.readString(file);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new ImportException(file + " is not text: give the prototxt (deploy.prototxt) as --prototxt");
        } catch (IOException e) {
            throw new ImportException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            Caffe.NetParameter.Builder b = Caffe.NetParameter.newBuilder();
            // Caffe's other messages (data layers' parameters, solvers' fields) are not needed and skipped
            TextFormat.Parser.newBuilder().setAllowUnknownFields(true).build().merge(text, b);
            return b.build();
        } catch (TextFormat.ParseException e) {
            throw new ImportException(file + " is not a Caffe prototxt: " + e.getMessage());
        }
    }

    static Caffe.NetParameter readBinary(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);   // bvlc_alexnet is 233 MB; protobuf's old limit was 64 MB
            Caffe.NetParameter net = Caffe.NetParameter.parseFrom(coded);
            coded.checkLastTagWas(0);
            return net;
        } catch (InvalidProtocolBufferException e) {
            throw new ImportException(file + " is not a Caffe model or is damaged (truncated download?): " + e.getMessage());
        } catch (IOException e) {
            throw new ImportException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
