package org.trustmall.ai.recsys.sasrec;

import ai.djl.engine.Engine;
import java.util.concurrent.locks.ReentrantLock;
import org.trustmall.ai.AiException;

/**
 * The PyTorch engine as DJL loads it from the class path. The native library comes from the
 * {@code pytorch-native-cpu} jar and is extracted once under DJL's cache folder ({@code ~/.djl.ai/pytorch}, or
 * {@code $DJL_CACHE_DIR}); offline mode is switched on unless the caller decided otherwise, so a missing jar fails
 * at once instead of trying a download.
 */
final class Torch {
    /**
     * DJL's PyTorch gradient collector is one per process, and training wants every core anyway: one model trains at
     * a time, the others wait.
     */
    static final ReentrantLock TRAINING = new ReentrantLock();

    private Torch() {
    }

    static Engine engine() {
        // DJL's own settings, given defaults here without reading them (configuration of ours comes from app).
        System.getProperties().putIfAbsent("ai.djl.offline", "true");
        // One intra-op thread unless the caller chose: the same bits on any machine, no OpenMP spinning against
        // other busy processes (2 threads were 8x slower than 1 on a loaded 2-core machine), and the server's
        // scoring threads already run in parallel.
        System.getProperties().putIfAbsent("ai.djl.pytorch.num_threads", "1");
        try {
            return Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new AiException("the PyTorch engine cannot start (are ai.djl.pytorch:pytorch-jni and "
                    + "pytorch-native-cpu on the class path?): " + e.getMessage(), e);
        }
    }
}
