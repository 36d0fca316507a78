#!/usr/bin/env bash
# Installs what the test suite needs beyond the Python environment. Idempotent and
# quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_install() {
  if [[ $(id -u) -ne 0 ]]; then
    echo "need root to apt-get install $*" >&2
    exit 1
  fi
  if [[ ! -f /tmp/.cairn-apt-updated ]]; then
    apt-get update -qq && touch /tmp/.cairn-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL server binaries (the tests start their own throwaway cluster).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  echo "==> installing PostgreSQL"
  apt_install postgresql
fi

# buf (lint, breaking-change checks) and the code generators, pinned in tools/package-lock.json.
if [[ ! -x tools/node_modules/.bin/buf ]]; then
  echo "==> installing buf"
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
fi

# A Compose implementation, to validate docker/compose.yaml (no engine runs here).
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  echo "==> installing docker-compose (for config validation only)"
  apt_install docker-compose
fi

for extra in tools/setup-s3.sh tools/setup-clients.sh; do
  if [[ -f "$extra" ]]; then
    bash "$extra"
  fi
done
