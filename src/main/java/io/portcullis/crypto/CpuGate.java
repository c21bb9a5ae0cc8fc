package io.portcullis.crypto;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Lets at most one public-key operation per core run at a time, first come first served. Under
 * load, dozens of request threads would otherwise verify and sign at once on two cores: each
 * answer waits for all of them, the scheduler switches between them, and the JIT compiler thread
 * gets a thirty-second of the machine for minutes after start. Waiting here costs no CPU.
 */
final class CpuGate {

    private static final Semaphore PERMITS = new Semaphore(Runtime.getRuntime().availableProcessors(), true);

    private CpuGate() {
    }

    static <T> T run(Supplier<T> operation) {
        PERMITS.acquireUninterruptibly();
        try {
            return operation.get();
        } finally {
            PERMITS.release();
        }
    }
}
