package io.github.alexnet4j.model.backend;

import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN called directly (its JavaCPP binding), for the layers whose arrays stay <em>channels-last</em>
 * between them. libnd4j's own oneDNN calls describe every array as plain NCHW and let oneDNN choose its
 * blocked layout, so each convolution reorders its input, weights and output into and out of that layout
 * (a sixth of a training step, {@code results/bench/onednn-verbose-2026-11-30/}). oneDNN's convolutions
 * also run on channels-last (NHWC) arrays as they are, which is how PyTorch avoids the reorders. This is
 * oneDNN 3.3 (its own JavaCPP binding, not libnd4j's built-in 2.x): its AVX2 brgemm convolutions run
 * channels-last as fast as its blocked layout ({@code results/bench/conv-layouts-2026-12-01/}). The network
 * keeps DL4J's NCHW shapes: a channels-last array is an NCHW-shaped view with strides
 * {@code [h·w·c, 1, w·c, c]}, which every DL4J layer reads correctly.
 * <p>
 * CPU backend, float arrays and a platform the binding has a library for (linux-x86_64); anything else
 * reports {@link #available()} false and the layers take DL4J's path. {@code -Dalexnet.dnnl=false}
 * switches it off, for comparisons.
 */
public final class Dnnl {

    public static final String PROPERTY = "alexnet.dnnl";
    /**
     * {@code -Dalexnet.bf16=true}: convolutions multiply in bfloat16, in training and inference (inputs, weights
     * and gradients rounded to bf16's 8-bit mantissa, sums, outputs and gradients in float32, the weights kept
     * float32), on CPUs whose oneDNN has bf16 kernels (AVX512_BF16, AMX); elsewhere float32 as always.
     */
    public static final String BF16_PROPERTY = "alexnet.bf16";

    private static final class Runtime {
        static final engine ENGINE;
        /** One stream per thread: oneDNN's streams are not for concurrent use (Spark's and ParallelWrapper's workers). */
        static final ThreadLocal<stream> STREAM;
        /** Per thread, the work buffers of {@link #scratch}. */
        static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

        static {
            Loader.load(org.bytedeco.dnnl.global.dnnl.class);
            ENGINE = new engine(engine.kind.cpu, 0);
            STREAM = ThreadLocal.withInitial(() -> new stream(ENGINE));
        }
    }

    private static volatile Boolean loads;

    private Dnnl() {
    }

    /** Whether the layers may call oneDNN directly for arrays of this type. */
    public static boolean available(DataType type) {
        return type == DataType.FLOAT && available();
    }

    public static boolean available() {
        if (switchedOff() || !Nd4j.getEnvironment().isCPU()) return false;
        Boolean ok = loads;
        if (ok == null) {
            try {
                ok = Runtime.ENGINE != null;
            } catch (Throwable e) {   // no library for this platform (UnsatisfiedLinkError, via ExceptionInInitializerError)
                org.slf4j.LoggerFactory.getLogger(Dnnl.class).info("oneDNN's Java binding does not load here ({}): "
                        + "convolution and pooling take DL4J's path", e.toString());
                ok = false;
            }
            loads = ok;
        }
        return ok;
    }

    /** Whether convolutions should multiply in bf16: {@code -Dalexnet.bf16=true} on a CPU with oneDNN's bf16 kernels. */
    public static boolean bf16() {
        return Boolean.getBoolean(BF16_PROPERTY) && hasBf16Kernels();
    }

    /** Whether oneDNN runs bf16 kernels on this CPU (its instruction set includes AVX512_BF16, as AMX's does). */
    public static boolean hasBf16Kernels() {
        if (!available()) return false;
        int bf16 = org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16;
        return (org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa() & bf16) == bf16;
    }

    /** Whether {@code -Dalexnet.dnnl=false} asks for libnd4j's path. */
    public static boolean switchedOff() {
        return !Boolean.parseBoolean(System.getProperty(PROPERTY, "true"));
    }

    /** oneDNN's version, as its library reports it ("3.3.4"). */
    public static String version() {
        var v = org.bytedeco.dnnl.global.dnnl.dnnl_version();
        return v.major() + "." + v.minor() + "." + v.patch();
    }

    public static engine engine() {
        return Runtime.ENGINE;
    }

    public static stream stream() {
        return Runtime.STREAM.get();
    }

    /**
     * Work memory for copies that live through one oneDNN call (a layer's input in the layout a primitive
     * asks for): per thread, slot 0 or 1, grown to the largest size asked for and shared by all layers,
     * which run one after another, so the copies cost memory once, not once per layer.
     */
    public static Pointer scratch(int slot, long bytes) {
        Scratch s = Runtime.SCRATCH.get();
        if (s.buffers[slot] == null || s.bytes[slot] < bytes) {
            if (s.buffers[slot] != null) s.buffers[slot].close();
            s.buffers[slot] = new memory(new memory.desc(new long[]{(bytes + 3) / 4}, memory.data_type.f32, memory.format_tag.x), engine());
            s.bytes[slot] = s.buffers[slot].get_desc().get_size();
            s.handles[slot] = s.buffers[slot].get_data_handle();
        }
        return s.handles[slot];
    }

    /** One thread's two {@link #scratch} buffers, their sizes and addresses (asked of oneDNN once, not per call). */
    private static final class Scratch {
        final memory[] buffers = new memory[2];
        final long[] bytes = new long[2];
        final Pointer[] handles = new Pointer[2];
    }

    /**
     * An array's first element, for oneDNN: the start of the buffer at the root of its views plus the
     * array's offset (which ND4J counts from that root; a view's own buffer already starts at the view).
     * A plain pointer, positioned in bytes: oneDNN's handles are {@code void*}, which JavaCPP offsets by
     * the position times the size of the declared type, one byte.
     */
    public static Pointer address(INDArray a) {
        org.nd4j.linalg.api.buffer.DataBuffer root = a.data();
        while (root.underlyingDataBuffer() != null && root.underlyingDataBuffer() != root) root = root.underlyingDataBuffer();
        return new Pointer(root.addressPointer()).position(a.offset() * a.data().getElementSize());
    }

    /** The array's own layout, as oneDNN describes it: its logical NCHW dimensions and its strides. */
    public static memory.desc describe(INDArray a) {
        return new memory.desc(a.shape(), memory.data_type.f32, a.stride());
    }

    /** A layout of the given NCHW dimensions for oneDNN to choose ({@code format_tag::any}). */
    public static memory.desc anyLayout(long... dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.any);
    }

    /** The channels-last (NHWC) layout of the given NCHW dimensions. */
    public static memory.desc channelsLast(long... dims) {
        return new memory.desc(dims, memory.data_type.f32, memory.format_tag.nhwc);
    }

    /** The same, in bfloat16. */
    public static memory.desc channelsLastBf16(long... dims) {
        return new memory.desc(dims, memory.data_type.bf16, memory.format_tag.nhwc);
    }

    /** A bfloat16 layout of the given dimensions for oneDNN to choose. */
    public static memory.desc anyLayoutBf16(long... dims) {
        return new memory.desc(dims, memory.data_type.bf16, memory.format_tag.any);
    }

    /** An NCHW array in row-major order (DL4J's weights, gradient views, plain arrays). */
    public static memory.desc rowMajor(long... dims) {
        return new memory.desc(dims, memory.data_type.f32, dims.length == 4 ? memory.format_tag.nchw : memory.format_tag.x);
    }

    /**
     * Copies {@code from} into {@code to} (float arrays of one shape, any strides) with oneDNN's reorder:
     * a layout change, which libnd4j's assign does element by element on strided arrays, several times
     * slower.
     */
    public static void copy(INDArray from, INDArray to) {
        memory src = new memory(describe(from), engine(), address(from)), dst = new memory(describe(to), engine(), address(to));
        new org.bytedeco.dnnl.reorder(src, dst).execute(stream(), src, dst);
        stream()._wait();
    }

    /** Whether {@code a} (rank 4, NCHW shape) lies channels-last in its buffer. */
    public static boolean isChannelsLast(INDArray a) {
        long[] s = a.shape(), st = a.stride();
        return a.rank() == 4 && st[1] == 1 && st[3] == s[1] && st[2] == s[1] * s[3] && st[0] == s[1] * s[2] * s[3];
    }

}
