import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The peers: cfssl with its PostgreSQL certdb (direct and through PgBouncer) and the openssl CLI recipe. */
final class Peers extends Tools {

    /** The two cfssl contenders: straight to PostgreSQL, and through PgBouncer. */
    static final List<String> CFSSL_PEERS = List.of("cfssl+PostgreSQL", "cfssl+PgBouncer+PostgreSQL");

    final Bench bench;

    Peers(Bench bench) {
        this.bench = bench;
    }

    /**
     * cfssl with its PostgreSQL certdb, as the issue names it and behind a connection pool: Go's database/sql
     * keeps two idle connections, so above concurrency 2 most requests open a new PostgreSQL connection (a
     * backend process), which a host with slow process creation turns into the bottleneck. The targets are
     * checked against the faster of the two.
     */
    void cfssl(Ca ca) throws Exception {
        for (String peer : CFSSL_PEERS) {
            cfssl(ca, peer, peer.contains("PgBouncer"));
        }
        for (int c : Issuance.CONCURRENCY) {
            String fastest = null;
            for (String peer : CFSSL_PEERS) {
                double ratio = bench.figures.get("Portcullis/" + ca.label + "/c" + c + "/rate")
                        / bench.figures.get(peer + "/" + ca.label + "/c" + c + "/rate");
                double cpuRatio = bench.figures.get(peer + "/" + ca.label + "/c" + c + "/cpu")
                        / bench.figures.get("Portcullis/" + ca.label + "/c" + c + "/cpu");
                bench.rows.add(new String[] {"  Portcullis ÷ " + peer + " " + ca.label + " c=" + c,
                        fmt2(ratio) + " × (wall clock)", fmt2(cpuRatio) + " × (by CPU/cert incl. PostgreSQL)", ""});
                if (fastest == null || ratio < bench.figures.get("ratio_cfssl/" + ca.label + "/c" + c)) {
                    fastest = peer;
                    bench.figures.put("ratio_cfssl/" + ca.label + "/c" + c, ratio);
                    bench.figures.put("cpu_ratio_cfssl/" + ca.label + "/c" + c, cpuRatio);
                }
            }
            bench.fastestCfssl.put(ca.label + "/c" + c, fastest);
        }
    }

    void cfssl(Ca ca, String who, boolean pooled) throws Exception {
        String db = bench.database("cfssl_" + (pooled ? "pool_" : "") + (ca.ec() ? "ec" : "rsa"));
        psql(db, """
                CREATE TABLE certificates (
                  serial_number bytea NOT NULL, authority_key_identifier bytea NOT NULL, ca_label bytea,
                  status bytea NOT NULL, reason int, expiry timestamptz, revoked_at timestamptz, pem bytea NOT NULL,
                  issued_at timestamptz, not_before timestamptz, metadata jsonb, sans jsonb, common_name text,
                  PRIMARY KEY (serial_number, authority_key_identifier));
                CREATE TABLE ocsp_responses (
                  serial_number bytea NOT NULL, authority_key_identifier bytea NOT NULL, body bytea NOT NULL,
                  expiry timestamptz, PRIMARY KEY (serial_number, authority_key_identifier),
                  FOREIGN KEY (serial_number, authority_key_identifier)
                    REFERENCES certificates (serial_number, authority_key_identifier));""");
        try (Pgbouncer pool = pooled ? pgbouncer(ca) : null) {
            Path dbConfig = ca.dir.resolve(pooled ? "cfssl-pool-db.json" : "cfssl-db.json");
            Files.writeString(dbConfig, "{\"driver\":\"postgres\",\"data_source\":\"postgres://postgres@127.0.0.1:"
                    + (pool == null ? 5432 : pool.port()) + "/" + db + "?sslmode=disable\"}");
            int port = freePort();
            Process cfssl = new ProcessBuilder("cfssl", "serve", "-address", "127.0.0.1", "-port", Integer.toString(port),
                    "-ca", ca.path("ca.crt"), "-ca-key", ca.path("ca.key"), "-db-config", dbConfig.toString(),
                    "-loglevel", "3").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(ca.dir.resolve("cfssl.log").toFile())).start();
            bench.processes.add(cfssl);
            try {
                String url = "http://127.0.0.1:" + port;
                awaitListening(cfssl, "127.0.0.1", port, "cfssl", ca.dir.resolve("cfssl.log"));
                Issuance.runs(bench, who, ca, url + "/api/v1/cfssl/sign", ca.cfsslBodies, cfssl, db);
            } finally {
                cfssl.destroy();
                cfssl.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** A PgBouncer of one contender; closing it stops it and removes its files. */
    record Pgbouncer(Process process, int port, Path dir) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            for (String file : List.of("userlist.txt", "pgbouncer.ini", "")) {
                Files.deleteIfExists(dir.resolve(file));
            }
        }
    }

    /**
     * PgBouncer in session mode with 20 server connections in front of the local PostgreSQL. It refuses to run
     * as root, so as root it runs as postgres, from a directory that user can read.
     */
    Pgbouncer pgbouncer(Ca ca) throws Exception {
        Path dir = Files.createTempDirectory("portcullis-bench-pgbouncer-");
        int port = freePort();
        Path users = dir.resolve("userlist.txt");
        Files.writeString(users, "\"postgres\" \"\"\n");
        Path ini = dir.resolve("pgbouncer.ini");
        Files.writeString(ini, """
                [databases]
                * = host=127.0.0.1 port=5432
                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = trust
                auth_file = %s
                pool_mode = session
                default_pool_size = 20
                max_client_conn = 500
                ignore_startup_parameters = extra_float_digits
                """.formatted(port, users));
        for (Path p : List.of(dir, users, ini)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString(
                    Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
        List<String> command = "root".equals(System.getProperty("user.name"))
                ? List.of("runuser", "-u", "postgres", "--", "pgbouncer", ini.toString())
                : List.of("pgbouncer", ini.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(ca.dir.resolve("pgbouncer.log").toFile())).start();
        bench.processes.add(process);
        Pgbouncer pool = new Pgbouncer(process, port, dir);
        try {
            awaitListening(process, "127.0.0.1", port, "PgBouncer", ca.dir.resolve("pgbouncer.log"));
        } catch (Exception e) {
            pool.close();
            throw e;
        }
        return pool;
    }

    /** The README's openssl recipe, one {@code openssl x509 -req} process per certificate, 1 and 2 in parallel. */
    void opensslLoop(Ca ca) throws Exception {
        Path csrDir = ca.dir.resolve("csr");
        int n = bench.sizes.opensslCerts();
        String loop = "cd " + ca.dir + " && mkdir -p out && for i in $(seq $1 $2 $3); do "
                + "openssl x509 -req -in csr/$i.csr -CA ca.crt -CAkey ca.key -CAserial out/serial$1 -CAcreateserial "
                + "-days 30 -sha256 -out out/$i.crt 2>/dev/null || exit 1; done";
        for (int parallel : new int[] {1, 2}) {
            long t0 = System.nanoTime();
            List<Process> ps = new ArrayList<>();
            for (int p = 0; p < parallel; p++) {
                ps.add(new ProcessBuilder("sh", "-c", loop, "sh", Integer.toString(p), Integer.toString(parallel),
                        Integer.toString(n - 1)).inheritIO().start());
            }
            for (Process p : ps) {
                if (p.waitFor() != 0) {
                    bench.failures.add("openssl loop failed for " + ca.label);
                }
            }
            double rate = n / ((System.nanoTime() - t0) / 1e9);
            bench.figures.put("openssl_loop/" + ca.label + "/" + parallel, rate);
            bench.rows.add(new String[] {"openssl CLI recipe " + ca.label + ", " + parallel + " in parallel",
                    fmt(rate) + " certs/s", "Portcullis c=32 ÷ recipe = "
                            + fmt(bench.figures.get("Portcullis/" + ca.label + "/c32/rate") / rate) + " ×",
                    n + " certificates, no record"});
        }
        if (!Files.exists(csrDir)) {
            throw new IllegalStateException(csrDir + " missing");
        }
    }
}
