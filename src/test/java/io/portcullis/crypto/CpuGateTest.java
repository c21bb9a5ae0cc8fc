package io.portcullis.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The gate admits one operation per core at a time, and every operation gets through. */
class CpuGateTest {

    @Test
    void atMostOneOperationPerCoreRunsAtOnce() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(cores * 4);
        List<Future<Integer>> results = new ArrayList<>();
        try {
            for (int i = 0; i < cores * 16; i++) {
                int n = i;
                results.add(threads.submit(() -> CpuGate.run(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(5); // long enough for the other threads to pile up at the gate
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return n;
                })));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo(i);
            }
        } finally {
            threads.shutdownNow();
        }
        assertThat(mostAtOnce.get()).isEqualTo(cores);
    }

    @Test
    void aFailingOperationReleasesItsPermit() {
        int cores = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < cores + 1; i++) {
            try {
                CpuGate.run(() -> {
                    throw new IllegalStateException("bad input");
                });
            } catch (IllegalStateException expected) {
                // the permit must be back, or the loop would block on the (cores + 1)-th pass
            }
        }
        assertThat(CpuGate.run(() -> "through")).isEqualTo("through");
    }
}
