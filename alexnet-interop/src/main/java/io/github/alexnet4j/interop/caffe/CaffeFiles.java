package io.github.alexnet4j.interop.caffe;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.alexnet4j.interop.ImportException;
import io.github.alexnet4j.interop.caffe.proto.Caffe;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The other files that come with a Caffe model: its published checksum and its mean image. */
public final class CaffeFiles {

    /** SHA-1 of the model zoo's files, as their readme.md publishes them. */
    public static final Map<String, String> MODEL_ZOO_SHA1 = Map.of(
            "9116a64c0fbe4459d18f4bb6b56d647b63920377", "bvlc_alexnet.caffemodel (BAIR/BVLC AlexNet, Caffe model zoo)",
            "4c8d77deb20ea792f84eb5e6d0a11ca0a8660a46", "bvlc_reference_caffenet.caffemodel (BAIR/BVLC CaffeNet, Caffe model zoo)");

    private CaffeFiles() {
    }

    public static String sha1(Path file) throws IOException {
        return io.github.alexnet4j.train.FileChecksum.sha1(file);
    }

    /** Which published file this is, or null. */
    public static String knownModel(String sha1) {
        return MODEL_ZOO_SHA1.get(sha1);
    }

    /**
     * A mean image in Caffe's binaryproto form (one BlobProto, 1×3×H×W, BGR planes, 0–255), as this
     * project's mean image: HWC, RGB, side² × 3 values; the side goes into {@code side[0]}.
     */
    public static float[] meanImage(Path binaryproto, int[] side) {
        Caffe.BlobProto blob;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(binaryproto))) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            blob = Caffe.BlobProto.parseFrom(coded);
        } catch (InvalidProtocolBufferException e) {
            throw new ImportException(binaryproto + " is not a Caffe mean file (binaryproto): " + e.getMessage());
        } catch (IOException e) {
            throw new ImportException("cannot read " + binaryproto + ": " + e.getMessage(), e);
        }
        List<Long> dims = CaffeImport.dims(blob);
        List<Long> shape = dims.size() == 4 ? dims.subList(1, 4) : dims;
        if (shape.size() != 3 || shape.get(0) != 3 || !shape.get(1).equals(shape.get(2)) || shape.get(1) < 1) {
            throw new ImportException(binaryproto + ": mean of shape " + dims + "; expected 3 square colour planes (1×3×256×256)");
        }
        int s = shape.get(1).intValue();
        if (blob.getDataCount() != 3 * s * s) {
            throw new ImportException(binaryproto + ": " + blob.getDataCount() + " values for a 3×" + s + "×" + s + " mean");
        }
        float[] hwcRgb = new float[3 * s * s];
        for (int c = 0; c < 3; c++) {
            int rgb = 2 - c;   // Caffe's planes are B, G, R
            for (int i = 0; i < s * s; i++) hwcRgb[i * 3 + rgb] = blob.getData(c * s * s + i);
        }
        side[0] = s;
        return hwcRgb;
    }
}
