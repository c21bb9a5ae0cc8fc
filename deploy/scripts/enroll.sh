#!/bin/sh
# Enrolls this device with a Portcullis CA, needing only openssl and curl: makes a private key that
# never leaves the device, a CSR for it, orders a certificate with an enrollment token, waits
# (honouring Retry-After) while an administrator approves, and writes device.key (0600),
# device.crt (leaf + CA) and ca.crt. Rerun with the same --out to resume waiting for an order.
set -eu

usage() {
  cat >&2 <<'USAGE'
Usage: enroll.sh --url <CA base URL> --token <enrollment token> [--name <CN>]
                 [--key-type ec|rsa] [--out <dir>] [--cacert <file>] [--timeout <seconds>]
  --url       base URL of the CA, e.g. https://ca.example (without /api/v1)
  --token     the pce_... enrollment token; or set PORTCULLIS_ENROLL_TOKEN to keep it out of ps.
              Without a token the order waits for an administrator (only if the CA allows open enrollment).
  --name      common name to enroll as; must equal the token's commonName (default: this host's name)
  --key-type  ec (P-256, default) or rsa (3072 bits)
  --out       directory for device.key, device.crt and ca.crt (default: .)
  --cacert    CA bundle to verify the CA's own HTTPS certificate with
  --timeout   seconds to wait for approval (default: 86400)
USAGE
  exit 2
}

die() {
  printf 'enroll.sh: %s\n' "$*" >&2
  exit 1
}

# The "detail" of a problem document, without needing a JSON tool.
detail() {
  sed -n 's/.*"detail" *: *"\([^"]*\)".*/\1/p' "$1" | head -n 1
}

# The last value of a response header (names are case-insensitive).
header() {
  tr -d '\r' <"$work/headers" | awk -v name="$1" '
    { i = index($0, ":"); if (i > 0 && tolower(substr($0, 1, i - 1)) == tolower(name)) { v = substr($0, i + 1); sub(/^[ \t]+/, "", v) } }
    END { print v }'
}

url='' token=${PORTCULLIS_ENROLL_TOKEN:-} name='' key_type=ec out=. cacert='' timeout=86400
while [ $# -gt 0 ]; do
  case $1 in
    --url | --token | --name | --key-type | --out | --cacert | --timeout)
      [ $# -ge 2 ] || usage
      case $1 in
        --url) url=$2 ;;
        --token) token=$2 ;;
        --name) name=$2 ;;
        --key-type) key_type=$2 ;;
        --out) out=$2 ;;
        --cacert) cacert=$2 ;;
        --timeout) timeout=$2 ;;
      esac
      shift 2
      ;;
    -h | --help) usage ;;
    *)
      printf 'enroll.sh: unknown argument %s\n' "$1" >&2
      usage
      ;;
  esac
done

[ -n "$url" ] || usage
[ -n "$name" ] || name=$(uname -n)
case $key_type in ec | rsa) ;; *) die "--key-type must be ec or rsa" ;; esac
case $timeout in '' | *[!0-9]*) die "--timeout must be a number of seconds" ;; esac
case $url in http://* | https://*) ;; *) die "--url must start with https:// (or http://)" ;; esac
url=${url%/}
command -v openssl >/dev/null 2>&1 || die "openssl is required"
command -v curl >/dev/null 2>&1 || die "curl is required"

umask 077
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/enroll.XXXXXX")
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

# The token reaches curl through a header file, never through a command line others can read.
if [ -n "$token" ]; then
  printf 'Authorization: Bearer %s\n' "$token" >"$work/auth"
else
  : >"$work/auth"
fi
set -- --silent --show-error --connect-timeout 30 --max-time 120
if [ -n "$cacert" ]; then
  set -- "$@" --cacert "$cacert"
fi

if [ -f "$out/order.url" ] && [ -f "$out/device.key" ]; then
  order_url=$(cat "$out/order.url")
  printf 'enroll.sh: resuming order %s\n' "$order_url" >&2
else
  [ ! -e "$out/device.key" ] || die "$out/device.key exists; move it away or choose another --out"
  if [ "$key_type" = ec ]; then
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$out/device.key" 2>"$work/err" \
      || die "cannot generate a key: $(cat "$work/err")"
  else
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$out/device.key" 2>"$work/err" \
      || die "cannot generate a key: $(cat "$work/err")"
  fi
  # -subj treats / and + as separators and \ as escape; escape them in the name.
  cn=$(printf '%s' "$name" | sed 's/[\\/+]/\\&/g')
  openssl req -new -key "$out/device.key" -subj "/CN=$cn" -out "$work/device.csr" 2>"$work/err" \
    || die "cannot make the CSR: $(cat "$work/err")"

  code=$(curl "$@" -o "$work/body" -D "$work/headers" -w '%{http_code}' -H @"$work/auth" \
    -H 'Content-Type: application/pkcs10' --data-binary @"$work/device.csr" "$url/api/v1/orders") \
    || die "cannot reach $url"
  [ "$code" = 201 ] || die "the CA refused the order (HTTP $code): $(detail "$work/body")"
  location=$(header Location)
  order_id=${location##*/}
  case $order_id in '' | *[!0-9a-f-]*) die "the CA answered without a usable order Location" ;; esac
  order_url="$url/api/v1/orders/$order_id"
  printf '%s\n' "$order_url" >"$out/order.url"
fi

deadline=$(($(date +%s) + timeout))
while :; do
  code=$(curl "$@" -o "$work/body" -D "$work/headers" -w '%{http_code}' -H @"$work/auth" \
    "$order_url/certificate") || die "cannot reach $url"
  case $code in
    200) break ;;
    409)
      wait=$(header Retry-After)
      case $wait in '' | *[!0-9]*) wait=10 ;; esac
      [ "$wait" -ge 1 ] || wait=1
      [ "$wait" -le 300 ] || wait=300
      [ "$(date +%s)" -lt "$deadline" ] || die "timed out waiting for approval; rerun to keep waiting"
      printf 'enroll.sh: waiting for an administrator to approve %s (retry in %ss)\n' "$order_url" "$wait" >&2
      sleep "$wait"
      ;;
    403)
      rm -f "$out/order.url"
      die "the order was refused: $(detail "$work/body")"
      ;;
    *) die "unexpected answer (HTTP $code): $(detail "$work/body")" ;;
  esac
done
mv "$work/body" "$work/device.crt"

code=$(curl "$@" -o "$work/ca.crt" -w '%{http_code}' "$url/api/v1/ca/certificate") || die "cannot reach $url"
[ "$code" = 200 ] || die "cannot download the CA certificate (HTTP $code)"

# Check what arrived before installing it: it must chain to the CA and certify our own key.
openssl verify -CAfile "$work/ca.crt" "$work/device.crt" >"$work/err" 2>&1 \
  || die "the certificate does not verify against the CA: $(cat "$work/err")"
openssl x509 -in "$work/device.crt" -noout -pubkey >"$work/cert.pub" 2>/dev/null || die "unreadable certificate"
openssl pkey -in "$out/device.key" -pubout >"$work/key.pub" 2>/dev/null || die "unreadable key"
cmp -s "$work/cert.pub" "$work/key.pub" || die "the certificate is not for $out/device.key"

chmod 644 "$work/device.crt" "$work/ca.crt"
mv "$work/device.crt" "$out/device.crt"
mv "$work/ca.crt" "$out/ca.crt"
rm -f "$out/order.url"
printf 'enroll.sh: enrolled as CN=%s; wrote %s/device.key, %s/device.crt, %s/ca.crt\n' "$name" "$out" "$out" "$out" >&2
