#!/usr/bin/env bash
# The Portcullis benchmark (README "Performance"): builds the service and src/bench/floor if needed, then runs
# src/bench/Bench.java against the packaged jar, the local PostgreSQL, cfssl, openssl and wrk.
# Usage: src/bench/run.sh [--build] [--smoke] [--keep] [--db-prefix NAME]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=0
args=()
for arg in "$@"; do
  if [[ $arg == --build ]]; then build=1; else args+=("$arg"); fi
done
for tool in java psql openssl cfssl pgbouncer wrk jstat; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done
if ((build)) || [[ ! -f target/quarkus-app/quarkus-run.jar ]]; then
  ./mvnw -B -q package -DskipTests
fi
# the framework floor: the same stack without the CA, started beside the service for the footprint targets
if ((build)) || [[ ! -f src/bench/floor/target/quarkus-app/quarkus-run.jar ]]; then
  ./mvnw -B -q -f src/bench/floor/pom.xml package -DskipTests
fi
# the service's own BouncyCastle jars; the source launcher compiles Bench.java on the fly
exec java -Dbench.dir=src/bench -cp "target/quarkus-app/lib/main/*" src/bench/Bench.java "${args[@]+"${args[@]}"}"
