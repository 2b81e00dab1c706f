import io.github.alexnet4j.model.backend.Dnnl;
import org.bytedeco.dnnl.*;
import static org.bytedeco.dnnl.global.dnnl.*;
public class Wino {
    public static void main(String[] a) {
        var e = Dnnl.engine();
        long n = 128;
        for (var alg : new algorithm[]{algorithm.convolution_winograd, algorithm.convolution_auto, algorithm.convolution_direct}) {
            try {
                var pd = new convolution_forward.primitive_desc(e, prop_kind.forward_inference, alg,
                        Dnnl.anyLayout(n, 192, 13, 13), Dnnl.anyLayout(384, 192, 3, 3), new memory.desc(new long[]{384}, memory.data_type.f32, memory.format_tag.x),
                        Dnnl.anyLayout(n, 384, 13, 13), new long[]{1, 1}, new long[]{1, 1}, new long[]{1, 1});
                System.out.println(alg + ": " + pd.impl_info_str().getString());
            } catch (Throwable t) { System.out.println(alg + ": " + t); }
        }
    }
}
