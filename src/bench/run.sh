#!/usr/bin/env bash
# The Portcullis benchmark (src/bench/README.md): builds the service and src/bench/floor if needed, compiles
# src/bench/*.java against the service's jars, then runs it against the packaged jar, the local PostgreSQL, cfssl,
# openssl and wrk.
# Usage: src/bench/run.sh [--build] [--smoke] [--keep] [--db-prefix NAME]
set -euo pipefail
cd "$(dirname "$0")/../.."
build=0
args=()
for arg in "$@"; do
  if [[ $arg == --build ]]; then build=1; else args+=("$arg"); fi
done
for tool in java javac psql openssl cfssl pgbouncer wrk jstat; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required" >&2; exit 2; }
done
# a package older than the AWS-LC provider lacks the jar the in-process ceiling needs
if ((build)) || [[ ! -f target/quarkus-app/quarkus-run.jar ]] \
    || ! compgen -G 'target/quarkus-app/lib/main/*AmazonCorrettoCryptoProvider*.jar' >/dev/null; then
  ./mvnw -B -q package -DskipTests
fi
# the framework floor: the same stack without the CA, started beside the service for the footprint targets
if ((build)) || [[ ! -f src/bench/floor/target/quarkus-app/quarkus-run.jar ]]; then
  ./mvnw -B -q -f src/bench/floor/pom.xml package -DskipTests
fi
# the service's own BouncyCastle and ACCP jars; compiled afresh every run, so the classes match the sources
classes=target/bench-classes
rm -rf "$classes"
javac -nowarn -encoding UTF-8 -d "$classes" -cp "target/quarkus-app/lib/main/*" src/bench/*.java
exec java -Dbench.dir=src/bench -cp "$classes:target/quarkus-app/lib/main/*" Bench "${args[@]+"${args[@]}"}"
