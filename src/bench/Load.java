import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** wrk runs through load.lua, and the JIT warm-up rule every JVM under load gets. */
final class Load extends Tools {

    static final double JIT_SLICE_SECONDS = 10;
    static final Pattern RESULT = Pattern.compile("RESULT requests=(\\d+) ok=(\\d+) bad=(\\d+) sent=(\\d+) lines=(\\d+) "
            + "duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) errors=(\\d+)");

    final Bench bench;
    /** Warm-up passes may repeat CSRs; measured passes must not. */
    boolean warming;

    Load(Bench bench) {
        this.bench = bench;
    }

    record WrkResult(long requests, long ok, long bad, long errors, double seconds, double p50us, double p99us,
            String firstBad) {
        double rate() {
            return ok / seconds;
        }

        double p50ms() {
            return p50us / 1000;
        }

        double p99ms() {
            return p99us / 1000;
        }
    }

    /** One wrk run through load.lua; each run starts where the last one stopped in the CA's CSR list. */
    WrkResult wrk(String url, Path lines, Ca ca, int connections, double seconds, int expected, List<String> headers,
            Meters.Sampler sampler) throws Exception {
        int threads = Math.min(2, connections);
        int start = ca == null ? 0 : ca.nextLine.getOrDefault(lines, 0);
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
                "-d" + Math.max(1, Math.round(seconds)) + "s", "--timeout", "10s", "-s", bench.script.toString(), url,
                "--", lines.toString(), Integer.toString(start), Integer.toString(threads),
                ca == null ? "get" : "post-json", Integer.toString(expected)));
        command.addAll(headers);
        String out = sh(command.toArray(String[]::new));
        if (sampler != null) {
            sampler.stop();
        }
        Matcher m = RESULT.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk gave no result:\n" + out);
        }
        long sent = Long.parseLong(m.group(4));
        long nLines = Long.parseLong(m.group(5));
        if (ca != null) {
            int next = ca.nextLine.merge(lines, (int) sent, Integer::sum);
            if (next > nLines && !warming) {
                bench.notes.add("CSR list " + lines.getFileName() + " of " + ca.label + " wrapped (" + next + " > "
                        + nLines + "): some CSRs were sent twice");
            }
        }
        Matcher bad = Pattern.compile("FIRSTBAD (.*)").matcher(out);
        return new WrkResult(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                Long.parseLong(m.group(9)), Long.parseLong(m.group(6)) / 1e6, Long.parseLong(m.group(7)),
                Long.parseLong(m.group(8)), bad.find() ? bad.group(1) : "");
    }

    /** CPU seconds the JVM's JIT compilers have spent so far ({@code jstat -compiler}). */
    static double jitSeconds(long pid) throws Exception {
        String[] lines = sh("jstat", "-compiler", Long.toString(pid)).trim().split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[3]);
    }

    /** One slice of load, {@link #JIT_SLICE_SECONDS} long. */
    interface Slice {
        void run() throws Exception;
    }

    /**
     * Runs slices of load until the JVM's JIT compilers spend under 2 % of a slice compiling, for at most
     * {@code jitSettleSeconds}; returns the seconds of load it ran.
     */
    double untilJitSettles(long pid, Slice slice) throws Exception {
        double ran = 0;
        double compiling = jitSeconds(pid);
        while (ran < bench.sizes.jitSettleSeconds()) {
            slice.run();
            ran += JIT_SLICE_SECONDS;
            double now = jitSeconds(pid);
            boolean quiet = now - compiling < 0.02 * JIT_SLICE_SECONDS;
            compiling = now;
            if (quiet) {
                break;
            }
        }
        return ran;
    }
}
