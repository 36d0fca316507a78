#!/usr/bin/env bash
# Makes what docker/compose.yaml needs for TLS and tokens, for a trial or a lab:
#   docker/certs/ca.crt ca.key         a private CA (keep ca.key offline in real use)
#   docker/certs/server.crt server.key the server's certificate (chain: server, CA)
#   docker/certs/client.crt client.key a client certificate, for mutual TLS
#   docker/certs/probe.crt probe.key   the container health probe's, for mutual TLS
#   docker/.env                        CAIRN_BOOTSTRAP_TOKEN, the first admin token
# Usage: docker/gen-certs.sh [extra server name ...]   (e.g. cairn.example.com)
# Existing files are kept; delete docker/certs or docker/.env to make new ones.
# Production: use your organisation's CA and a secret store instead.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
out="$here/certs"
days=825
mkdir -p "$out"
cd "$out"

sans="DNS:localhost,DNS:cairn,IP:127.0.0.1,IP:::1"
for name in "$@"; do sans="$sans,DNS:$name"; done

if [[ ! -f ca.crt ]]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout ca.key -out ca.crt -days "$days" -subj "/CN=Cairn example CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"
  chmod 600 ca.key
fi

issue() { # name, subject CN, extensions
  local name="$1" cn="$2" ext="$3"
  [[ -f "$name.crt" ]] && return
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$name.key" -out "$name.csr" -subj "/CN=$cn"
  openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -days "$days" -sha256 -extfile <(printf '%b' "$ext") -out "$name.leaf"
  cat "$name.leaf" ca.crt >"$name.crt" # the chain clients need: leaf, then CA
  rm -f "$name.csr" "$name.leaf"
}

issue server "cairn" "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=$sans\n"
client_ext="basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"
issue client "cairn-client" "$client_ext"
# For the container's health probe under mutual TLS (health checks need no token).
issue probe "cairn-probe" "$client_ext"
# The container runs as another user than the one who ran this script; it must read
# its keys. Fine for a trial; in production mount them as secrets owned by that user.
chmod 644 server.key probe.key
chmod 600 client.key

env_file="$here/.env"
if [[ ! -f "$env_file" ]] || ! grep -q '^CAIRN_BOOTSTRAP_TOKEN=' "$env_file"; then
  # cairn_<id: 12 lowercase hex>_<secret: 48 hex>, the token format the server accepts.
  token="cairn_$(openssl rand -hex 6)_$(openssl rand -hex 24)"
  umask 077
  echo "CAIRN_BOOTSTRAP_TOKEN=$token" >>"$env_file"
  echo "wrote the bootstrap admin token to $env_file" >&2
fi
echo "certificates in $out (server names: $sans)" >&2
