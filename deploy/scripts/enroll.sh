#!/bin/sh
# Enrolls this device with a Portcullis CA, needing only openssl and curl: makes a private key that
# never leaves the device, a CSR for it, orders a certificate with an enrollment token, waits
# (honouring Retry-After) while an administrator approves, and writes device.key (0600),
# device.crt (leaf + CA) and ca.crt. Rerun with the same --out to resume waiting for an order.
# With --renew it renews device.crt with the device's own certificate once the CA's renewal window
# has opened (run it from a timer: before the window it only says when), keeping device.key.
set -eu

usage() {
  cat >&2 <<'USAGE'
Usage: enroll.sh --url <CA base URL> --token <enrollment token> [--name <CN>]
                 [--key-type ec|rsa] [--out <dir>] [--cacert <file>] [--timeout <seconds>]
       enroll.sh --renew --url <CA base URL> [--out <dir>] [--cacert <file>]
  --renew     renew <dir>/device.crt (same key) if the CA's renewal window has opened; exit 0 before it.
              The URL must reach the CA over TLS with client authentication: its own HTTPS listener,
              or an nginx in front that forwards the verified certificate.
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

url='' token=${PORTCULLIS_ENROLL_TOKEN:-} name='' key_type=ec out=. cacert='' timeout=86400 renew=false
while [ $# -gt 0 ]; do
  case $1 in
    --renew)
      renew=true
      shift
      ;;
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

# Renews $out/device.crt with itself once the CA's renewal window (RFC 9773 style) has opened.
# The new chain is written next to the old one and renamed over it, so a reader (nginx, a client
# library) sees the old file or the new one, never half of one; device.key is never touched.
renew() {
  for f in device.key device.crt ca.crt; do
    [ -f "$out/$f" ] || die "$out/$f is missing; enroll first"
  done
  set -- "$@" --cert "$out/device.crt" --key "$out/device.key"
  serial=$(openssl x509 -in "$out/device.crt" -noout -serial 2>/dev/null) || die "unreadable $out/device.crt"
  serial=$(printf '%s' "${serial#serial=}" | tr 'A-F' 'a-f' | sed 's/^0*//')

  code=$(curl "$@" -o "$work/body" -w '%{http_code}' "$url/api/v1/certificates/$serial/renewal-info") \
    || die "cannot reach $url"
  [ "$code" = 200 ] || die "cannot read the renewal window (HTTP $code): $(detail "$work/body")"
  start=$(sed -n 's/.*"start" *: *"\([^"]*\)".*/\1/p' "$work/body" | head -n 1)
  case $start in [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T*Z) ;; *) die "the CA answered without a renewal window" ;; esac

  # A revoked certificate never renews: say so on every run, before and inside the window.
  openssl ocsp -issuer "$out/ca.crt" -cert "$out/device.crt" -no_nonce -reqout "$work/ocsp.req" >/dev/null 2>&1 \
    || die "cannot make an OCSP request for $out/device.crt"
  code=$(curl "$@" -o "$work/ocsp.resp" -w '%{http_code}' -H 'Content-Type: application/ocsp-request' \
    --data-binary @"$work/ocsp.req" "$url/api/v1/ocsp") || die "cannot reach $url"
  [ "$code" = 200 ] || die "cannot check revocation (HTTP $code)"
  status=$(openssl ocsp -respin "$work/ocsp.resp" -issuer "$out/ca.crt" -CAfile "$out/ca.crt" -cert "$out/device.crt" \
    -no_nonce 2>"$work/err") || die "the OCSP answer does not verify: $(cat "$work/err")"
  case $status in
    *": good"*) ;;
    *": revoked"*) die "$out/device.crt (serial $serial) is revoked; enroll again with a new key" ;;
    *) die "the CA does not know $out/device.crt (serial $serial)" ;;
  esac

  # ISO-8601 UTC instants of one shape compare as strings.
  now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  if awk -v now="$now" -v start="$start" 'BEGIN { exit !(now < start) }'; then
    printf 'enroll.sh: %s (serial %s) is not due for renewal until %s; nothing to do\n' "$out/device.crt" "$serial" "$start" >&2
    return 0
  fi

  code=$(curl "$@" -o "$work/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary '{}' "$url/api/v1/renew") || die "cannot reach $url"
  [ "$code" = 201 ] || die "the CA refused the renewal (HTTP $code): $(detail "$work/body")"
  # the JSON's chain is PEM with its newlines escaped, and nothing else to unescape in base64
  sed -n 's/.*"chain" *: *"\([^"]*\)".*/\1/p' "$work/body" | awk '{ gsub(/\\n/, "\n"); printf "%s", $0 }' >"$work/device.crt"

  openssl verify -CAfile "$out/ca.crt" "$work/device.crt" >"$work/err" 2>&1 \
    || die "the renewed certificate does not verify against $out/ca.crt: $(cat "$work/err")"
  openssl x509 -in "$work/device.crt" -noout -pubkey >"$work/cert.pub" 2>/dev/null || die "unreadable renewed certificate"
  openssl pkey -in "$out/device.key" -pubout >"$work/key.pub" 2>/dev/null || die "unreadable key"
  cmp -s "$work/cert.pub" "$work/key.pub" || die "the renewed certificate is not for $out/device.key"

  # same directory, so the rename is atomic; mktemp's name cannot collide with another run's
  next=$(mktemp "$out/.device.crt.XXXXXX") || die "cannot write to $out"
  cp "$work/device.crt" "$next" && chmod 644 "$next" && mv -f "$next" "$out/device.crt" \
    || { rm -f "$next"; die "cannot install the renewed certificate in $out"; }
  new_serial=$(openssl x509 -in "$out/device.crt" -noout -serial | tr 'A-F' 'a-f' | sed 's/^serial=0*//')
  printf 'enroll.sh: renewed %s (serial %s, now %s); kept %s\n' "$out/device.crt" "$serial" "$new_serial" \
    "$out/device.key" >&2
}


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
if [ "$renew" = true ]; then
  renew "$@"
  exit 0
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
