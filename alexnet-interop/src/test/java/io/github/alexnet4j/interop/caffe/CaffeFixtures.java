package io.github.alexnet4j.interop.caffe;

import com.google.protobuf.TextFormat;
import io.github.alexnet4j.interop.caffe.proto.Caffe;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Caffe files written by the tests: the bvlc_alexnet (LRN before pooling) or bvlc_reference_caffenet
 * (pooling before LRN) structure, width-scaled or full size, in the newer {@code layer} or the 2014
 * {@code layers} form, with seeded random weights: the deploy prototxt, the .caffemodel and a mean.
 */
public final class CaffeFixtures {

    public enum Form { LAYER, V1 }

    /** The widths and sizes of one fixture. */
    public record Shape(int[] conv, int fc, int classes, int input, float lrnAlpha) {
        public static Shape small() {
            // a large α so that LRN, and where it spans the towers, changes the logits noticeably
            return new Shape(new int[]{16, 32, 48, 48, 32}, 64, 10, 227, 5e-3f);
        }

        public static Shape full() {
            return new Shape(new int[]{96, 256, 384, 384, 256}, 4096, 1000, 227, 1e-4f);
        }
    }

    private record L(String name, String type, String bottom, String top) {
    }

    private CaffeFixtures() {
    }

    /**
     * Writes a full-size bvlc_alexnet-shaped deploy.prototxt and .caffemodel (233 MB, random weights) into
     * {@code args[0]}: the file `alexnet import caffe` is timed on for results/interop/ (the real one cannot
     * be downloaded here).
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        Path[] files = write(dir, Shape.full(), Form.LAYER, false, 1);
        System.out.println(files[0] + "\n" + files[1]);
    }

    /** Writes {@code deploy.prototxt} and {@code net.caffemodel} into {@code dir}; returns {prototxt, caffemodel}. */
    public static Path[] write(Path dir, Shape s, Form form, boolean caffenetOrder, long seed) throws IOException {
        List<L> layers = layers(caffenetOrder);
        Random r = new Random(seed);
        Caffe.NetParameter.Builder structure = Caffe.NetParameter.newBuilder().setName("AlexNet");
        Caffe.NetParameter.Builder weights = Caffe.NetParameter.newBuilder().setName("AlexNet");
        if (form == Form.V1) {
            structure.addInput("data").addInputDim(1).addInputDim(3).addInputDim(s.input()).addInputDim(s.input());
        } else {
            structure.addLayer(Caffe.LayerParameter.newBuilder().setName("data").setType("Input").addTop("data")
                    .setInputParam(Caffe.InputParameter.newBuilder().addShape(Caffe.BlobShape.newBuilder()
                            .addDim(10).addDim(3).addDim(s.input()).addDim(s.input()))));
        }
        int channels = 3, fcIn = -1;
        for (L l : layers) {
            List<float[]> blobs = new ArrayList<>();
            List<long[]> shapes = new ArrayList<>();
            Caffe.ConvolutionParameter conv = null;
            Caffe.InnerProductParameter ip = null;
            int layerNumber = l.name().matches("(conv|fc)\\d") ? l.name().charAt(l.name().length() - 1) - '0' : 0;
            if (l.type().equals("Convolution")) {
                int out = s.conv()[layerNumber - 1], group = layerNumber == 1 || layerNumber == 3 ? 1 : 2;
                int k = layerNumber == 1 ? 11 : layerNumber == 2 ? 5 : 3;
                Caffe.ConvolutionParameter.Builder c = Caffe.ConvolutionParameter.newBuilder().setNumOutput(out).addKernelSize(k);
                if (layerNumber == 1) c.addStride(4); else c.addPad(layerNumber == 2 ? 2 : 1);
                if (group != 1) c.setGroup(group);
                conv = c.build();
                double std = layerNumber == 1 ? 0.02 : 0.05;
                blobs.add(gaussian(r, out * (channels / group) * k * k, std));
                shapes.add(new long[]{out, channels / group, k, k});
                blobs.add(gaussian(r, out, 0.5));
                shapes.add(new long[]{out});
                channels = out;
                if (layerNumber == 5) fcIn = out * 36;
            } else if (l.type().equals("InnerProduct")) {
                int out = layerNumber == 8 ? s.classes() : s.fc();
                ip = Caffe.InnerProductParameter.newBuilder().setNumOutput(out).build();
                blobs.add(gaussian(r, (long) out * fcIn, 0.05));
                shapes.add(new long[]{out, fcIn});
                blobs.add(gaussian(r, out, 0.5));
                shapes.add(new long[]{out});
                fcIn = out;
            }
            if (form == Form.V1) {
                Caffe.V1LayerParameter.Builder v = Caffe.V1LayerParameter.newBuilder().setName(l.name())
                        .setType(v1(l.type())).addBottom(l.bottom()).addTop(l.top());
                params(v, l, s, conv, ip);
                structure.addLayers(v.build());
                for (int i = 0; i < blobs.size(); i++) v.addBlobs(blob4d(blobs.get(i), shapes.get(i)));
                weights.addLayers(v.build());
            } else {
                Caffe.LayerParameter.Builder n = Caffe.LayerParameter.newBuilder().setName(l.name()).setType(l.type())
                        .addBottom(l.bottom()).addTop(l.top());
                params(n, l, s, conv, ip);
                structure.addLayer(n.build());
                for (int i = 0; i < blobs.size(); i++) n.addBlobs(blob(blobs.get(i), shapes.get(i)));
                weights.addLayer(n.build());
            }
        }
        Path prototxt = dir.resolve("deploy.prototxt"), caffemodel = dir.resolve("net.caffemodel");
        Files.writeString(prototxt, TextFormat.printer().printToString(structure.build()));
        try (OutputStream out = Files.newOutputStream(caffemodel)) {
            weights.build().writeTo(out);
        }
        return new Path[]{prototxt, caffemodel};
    }

    /** A 1×3×side×side mean in Caffe's binaryproto form, BGR planes, values plane·1000 + pixel index. */
    public static Path writeMean(Path file, int side) throws IOException {
        float[] v = new float[3 * side * side];
        for (int c = 0; c < 3; c++) for (int i = 0; i < side * side; i++) v[c * side * side + i] = c * 1000 + i % 997;
        try (OutputStream out = Files.newOutputStream(file)) {
            blob(v, new long[]{1, 3, side, side}).writeTo(out);
        }
        return file;
    }

    private static List<L> layers(boolean caffenetOrder) {
        List<L> l = new ArrayList<>();
        String top = "data";
        for (int i = 1; i <= 2; i++) {
            l.add(new L("conv" + i, "Convolution", top, "conv" + i));
            l.add(new L("relu" + i, "ReLU", "conv" + i, "conv" + i));
            if (caffenetOrder) {
                l.add(new L("pool" + i, "Pooling", "conv" + i, "pool" + i));
                l.add(new L("norm" + i, "LRN", "pool" + i, "norm" + i));
            } else {
                l.add(new L("norm" + i, "LRN", "conv" + i, "norm" + i));
                l.add(new L("pool" + i, "Pooling", "norm" + i, "pool" + i));
            }
            top = caffenetOrder ? "norm" + i : "pool" + i;
        }
        for (int i = 3; i <= 5; i++) {
            l.add(new L("conv" + i, "Convolution", top, "conv" + i));
            l.add(new L("relu" + i, "ReLU", "conv" + i, "conv" + i));
            top = "conv" + i;
        }
        l.add(new L("pool5", "Pooling", "conv5", "pool5"));
        top = "pool5";
        for (int i = 6; i <= 7; i++) {
            l.add(new L("fc" + i, "InnerProduct", top, "fc" + i));
            l.add(new L("relu" + i, "ReLU", "fc" + i, "fc" + i));
            l.add(new L("drop" + i, "Dropout", "fc" + i, "fc" + i));
            top = "fc" + i;
        }
        l.add(new L("fc8", "InnerProduct", "fc7", "fc8"));
        l.add(new L("prob", "Softmax", "fc8", "prob"));
        return l;
    }

    private static void params(Caffe.LayerParameter.Builder n, L l, Shape s, Caffe.ConvolutionParameter conv,
                               Caffe.InnerProductParameter ip) {
        if (conv != null) n.setConvolutionParam(conv);
        if (ip != null) n.setInnerProductParam(ip);
        if (l.type().equals("LRN")) n.setLrnParam(lrn(s));
        if (l.type().equals("Pooling")) n.setPoolingParam(pool());
        if (l.type().equals("Dropout")) n.setDropoutParam(Caffe.DropoutParameter.newBuilder().setDropoutRatio(0.5f));
    }

    private static void params(Caffe.V1LayerParameter.Builder n, L l, Shape s, Caffe.ConvolutionParameter conv,
                               Caffe.InnerProductParameter ip) {
        if (conv != null) n.setConvolutionParam(conv);
        if (ip != null) n.setInnerProductParam(ip);
        if (l.type().equals("LRN")) n.setLrnParam(lrn(s));
        if (l.type().equals("Pooling")) n.setPoolingParam(pool());
        if (l.type().equals("Dropout")) n.setDropoutParam(Caffe.DropoutParameter.newBuilder().setDropoutRatio(0.5f));
    }

    private static Caffe.LRNParameter lrn(Shape s) {
        return Caffe.LRNParameter.newBuilder().setLocalSize(5).setAlpha(s.lrnAlpha()).setBeta(0.75f).build();
    }

    private static Caffe.PoolingParameter pool() {
        return Caffe.PoolingParameter.newBuilder().setPool(Caffe.PoolingParameter.PoolMethod.MAX).setKernelSize(3).setStride(2).build();
    }

    private static Caffe.V1LayerParameter.LayerType v1(String type) {
        return switch (type) {
            case "Convolution" -> Caffe.V1LayerParameter.LayerType.CONVOLUTION;
            case "ReLU" -> Caffe.V1LayerParameter.LayerType.RELU;
            case "LRN" -> Caffe.V1LayerParameter.LayerType.LRN;
            case "Pooling" -> Caffe.V1LayerParameter.LayerType.POOLING;
            case "InnerProduct" -> Caffe.V1LayerParameter.LayerType.INNER_PRODUCT;
            case "Dropout" -> Caffe.V1LayerParameter.LayerType.DROPOUT;
            case "Softmax" -> Caffe.V1LayerParameter.LayerType.SOFTMAX;
            default -> throw new IllegalArgumentException(type);
        };
    }

    static float[] gaussian(Random r, long n, double std) {
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextGaussian() * std);
        return v;
    }

    static Caffe.BlobProto blob(float[] v, long[] shape) {
        Caffe.BlobShape.Builder s = Caffe.BlobShape.newBuilder();
        for (long d : shape) s.addDim(d);
        Caffe.BlobProto.Builder b = Caffe.BlobProto.newBuilder().setShape(s);
        for (float f : v) b.addData(f);
        return b.build();
    }

    /** The 2014 form: num, channels, height, width (vectors as 1×1×1×n, matrices as 1×1×rows×cols). */
    static Caffe.BlobProto blob4d(float[] v, long[] shape) {
        long[] d = new long[4];
        java.util.Arrays.fill(d, 1);
        System.arraycopy(shape, 0, d, 4 - shape.length, shape.length);
        Caffe.BlobProto.Builder b = Caffe.BlobProto.newBuilder().setNum((int) d[0]).setChannels((int) d[1])
                .setHeight((int) d[2]).setWidth((int) d[3]);
        for (float f : v) b.addData(f);
        return b.build();
    }
}
