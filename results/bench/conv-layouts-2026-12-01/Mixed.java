import org.nd4j.linalg.factory.Nd4j;
import org.bytedeco.dnnl.*;
import org.bytedeco.javacpp.Loader;
import static org.bytedeco.dnnl.global.dnnl.*;
/** ND4J M2.1 on JavaCPP 1.5.10 with oneDNN 3.3.4 in the same JVM: does it load and compute? */
public class Mixed {
    public static void main(String[] a) {
        var x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 256, 256);
        var y = x.mmul(x);
        System.out.println("nd4j mmul ok: " + y.sumNumber() + " backend " + Nd4j.getBackend().getClass().getSimpleName());
        Loader.load(org.bytedeco.dnnl.global.dnnl.class);
        var v = dnnl_version();
        System.out.println("oneDNN " + v.major() + "." + v.minor() + "." + v.patch() + " loaded beside ND4J");
    }
}
