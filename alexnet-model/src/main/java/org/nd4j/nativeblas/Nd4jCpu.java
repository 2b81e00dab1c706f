package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Compatibility shim for a DL4J 1.0.0-M2.1 bug: its oneDNN layer helpers ({@code BaseMKLDNNHelper})
 * ask {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()} whether oneDNN is on, but
 * nd4j-native M2.1 ships that class as
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment#isUseONEDNN()}. Without this
 * class the lookup fails and every convolution and pooling layer silently runs DL4J's ~3× slower
 * built-in code. The answer is forwarded by reflection so that the project still compiles against
 * the CUDA backend, where the real class does not exist (and this one answers false).
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();
        private final Method isUseOneDnn;
        private final Object target;

        private Environment() {
            Method m = null;
            Object t = null;
            try {
                Class<?> real = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                t = real.getMethod("getInstance").invoke(null);
                m = real.getMethod("isUseONEDNN");
            } catch (ReflectiveOperationException | LinkageError e) {
                // not the CPU backend
            }
            isUseOneDnn = m;
            target = t;
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            if (isUseOneDnn == null) return false;
            try {
                return (Boolean) isUseOneDnn.invoke(target);
            } catch (ReflectiveOperationException e) {
                return false;
            }
        }
    }
}
