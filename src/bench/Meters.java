import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** What the benchmark reads from /proc while a load runs: CPU time and peak RSS. */
final class Meters extends Tools {

    private Meters() {
    }

    /**
     * CPU time a run cost the process under test and its PostgreSQL backends (utime + stime from
     * /proc): on a machine shared with other work, CPU per certificate is the figure that load does
     * not distort much, and cores ÷ it is the rate the same cores would give to this work alone.
     */
    static final class Cpu {
        final long pid;
        final String db;
        final Map<Long, Long> postgresBefore = new java.util.HashMap<>();
        final long processBefore;
        double processMs;
        double postgresMs;

        Cpu(long pid, String db) throws Exception {
            this.pid = pid;
            this.db = db;
            for (long backend : backends(db)) {
                postgresBefore.put(backend, ticks(backend));
            }
            processBefore = ticks(pid);
        }

        void stop() throws Exception {
            processMs = (ticks(pid) - processBefore) * 10.0;
            long pg = 0;
            for (long backend : backends(db)) {
                pg += ticks(backend) - postgresBefore.getOrDefault(backend, 0L);
            }
            postgresMs = pg * 10.0;
        }

        static List<Long> backends(String db) throws Exception {
            return java.util.Arrays.stream(psql(db, "SELECT pid FROM pg_stat_activity WHERE datname = '" + db
                    + "' AND pid <> pg_backend_pid()").trim().split("\n")).filter(x -> !x.isBlank())
                    .map(Long::parseLong).toList();
        }

        /** utime + stime in clock ticks (USER_HZ, 100 on Linux). */
        static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]);
            } catch (IOException e) {
                return 0; // the backend ended
            }
        }
    }

    /** Peak RSS of a process, sampled every 100 ms. */
    static final class Sampler {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong peakKb = new AtomicLong();
        final Thread thread;

        Sampler(long pid) {
            thread = new Thread(() -> {
                while (running.get()) {
                    try {
                        peakKb.accumulateAndGet((long) (status(pid, "VmRSS") * 1024), Math::max);
                        Thread.sleep(100);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        double stop() throws InterruptedException {
            running.set(false);
            thread.join();
            return peakKb.get() / 1024.0;
        }
    }
}
