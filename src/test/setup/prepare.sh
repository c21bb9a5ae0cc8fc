#!/usr/bin/env bash
# Prepares this machine for the test suite, idempotently: the packages the tests drive for real, PostgreSQL on
# 127.0.0.1:5432, and an empty test database. Maven runs it before the tests (`./mvnw -B verify`); -DskipTests skips it.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
test_db=${PORTCULLIS_TEST_DB:-portcullis_test}

# Command → Debian package. The benchmark's smoke run (BenchmarkSmokeIT) drives cfssl (also behind PgBouncer) and
# wrk; the first-run test (FirstRunIT) follows the README's walkthrough with curl and jq; the Kubernetes tests
# read what the service wrote with kubectl (any kubectl will do; Debian's is kubernetes-client); the ACME tests
# (AcmeClientsIT) obtain certificates with lego and certbot.
declare -A package_of=(
  [pg_ctlcluster]=postgresql [openssl]=openssl [nginx]=nginx-light [curl]=curl [jq]=jq
  [chromium]=chromium [chromedriver]=chromium-driver [pk12util]=libnss3-tools
  [cfssl]=golang-cfssl [pgbouncer]=pgbouncer [wrk]=wrk [git]=git [unshare]=util-linux
  [kubectl]=kubernetes-client [lego]=lego [certbot]=certbot
)
missing=()
for command in "${!package_of[@]}"; do
  command -v "$command" >/dev/null || missing+=("${package_of[$command]}")
done
if ((${#missing[@]})); then
  if ((EUID != 0)); then
    echo "prepare.sh: the tests need these Debian packages: ${missing[*]} (install them as root, or run as root)" >&2
    exit 1
  fi
  echo "prepare.sh: installing ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# PostgreSQL on 127.0.0.1:5432: the newest installed cluster, started when it does not answer.
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  cluster=$(ls /etc/postgresql | sort -V | tail -n 1)
  pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
fi
for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "prepare.sh: PostgreSQL does not answer on 127.0.0.1:5432" >&2; exit 1; }

# The test database is disposable: every run starts from an empty one.
PGOPTIONS="-c client_min_messages=warning" psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q \
  -c "DROP DATABASE IF EXISTS \"$test_db\" WITH (FORCE)" -c "CREATE DATABASE \"$test_db\""
