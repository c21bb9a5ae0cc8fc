import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The framework floor: {@code src/bench/floor} (the service's stack, Quarkus REST + Hibernate ORM Panache +
 * Flyway + SmallRye Health, with one entity and one query instead of a CA) started with the production
 * command on a database of its own, once to migrate it, then {@code readyRestarts} times: start → ready
 * (median) and RSS once ready. What the stack alone costs here, for the start and memory targets.
 */
final class Floor extends Tools {

    private Floor() {
    }

    static void run(Bench bench) throws Exception {
        Path floorJar = floorJar(bench.script);
        String db = bench.database("floor");
        List<Double> readies = new ArrayList<>();
        double rss = 0;
        for (int i = 0; i <= bench.sizes.readyRestarts(); i++) {
            int port = freePort();
            Path log = bench.work.resolve("floor.log");
            ProcessBuilder builder = Service.productionCommand(floorJar, List.of(), log);
            builder.environment().putAll(Map.of("QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/" + db));
            long t0 = System.nanoTime();
            Process process = builder.start();
            bench.processes.add(process);
            double ready = Service.awaitReady(process, "http://127.0.0.1:" + port, t0, log);
            if (i > 0) { // the first start migrated the empty database, as a fresh start of the service does
                readies.add(ready);
                rss = Math.max(rss, status(process.pid(), "VmRSS"));
            }
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        readies.sort(null);
        bench.figures.put("floor_ready_s", readies.get(readies.size() / 2));
        bench.figures.put("floor_rss_idle_mb", rss);
        bench.floorReadies = readies;
    }

    /** The floor's packaged jar, next to this script ({@code run.sh} builds it). */
    static Path floorJar(Path script) {
        Path floorJar = script.resolveSibling("floor").resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(floorJar)) {
            throw new IllegalStateException(floorJar + " is missing: src/bench/run.sh builds it");
        }
        return floorJar;
    }
}
