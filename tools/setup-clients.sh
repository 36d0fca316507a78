#!/usr/bin/env bash
# Installs the Go, TypeScript and Java clients' dependencies and builds their
# interop runners (used by tests/interop/test_interop.py). Idempotent: each
# step is skipped when its outputs are newer than its inputs, so a second run
# takes about a second.
#   tools/setup-clients.sh            all languages
#   tools/setup-clients.sh go ts      some of them
# Outputs:
#   .cache/interop/go-runner                     Go runner binary
#   client/ts/dist/src/interop.js                TypeScript runner (node)
#   client/java/target/{classes,test-classes}    Java runner (dev.cairn.interop.InteropMain)
#   client/java/target/classpath.txt             its dependency classpath
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
LANGS=("$@")
[[ ${#LANGS[@]} -eq 0 ]] && LANGS=(go ts java)

need() {
  command -v "$1" >/dev/null 2>&1 || { echo "setup-clients: '$1' is not installed (needed for the $2 client)" >&2; exit 1; }
}

# stale OUTPUT INPUT...: true when OUTPUT is missing or older than any INPUT file.
stale() {
  local out="$1"
  shift
  [[ -e "$out" ]] || return 0
  [[ -n "$(find "$@" -newer "$out" -type f -print -quit 2>/dev/null)" ]]
}

setup_go() {
  need go Go
  local out="$ROOT/.cache/interop/go-runner"
  if stale "$out" client/go tests/interop/scenario.json; then
    mkdir -p "$(dirname "$out")"
    (cd client/go && go mod download && go build -o "$out" ./interop)
    echo "setup-clients: built $out"
  fi
}

setup_ts() {
  need node TypeScript
  need npm TypeScript
  if ! cmp -s client/ts/package-lock.json client/ts/node_modules/.cairn-installed-lock.json; then
    (cd client/ts && npm ci --no-audit --no-fund --loglevel=error &&
      cp package-lock.json node_modules/.cairn-installed-lock.json)
  fi
  if stale client/ts/dist/.built client/ts/src client/ts/test client/ts/examples client/ts/tsconfig.json client/ts/package-lock.json; then
    (cd client/ts && rm -rf dist && npx --no-install tsc -p tsconfig.json && touch dist/.built)
    echo "setup-clients: compiled client/ts/dist"
  fi
}

setup_java() {
  need java Java
  need mvn Java
  if stale client/java/target/classpath.txt client/java/pom.xml client/java/src; then
    local log
    log="$(mktemp)"
    if ! (cd client/java && mvn -q -B -DskipTests test-compile dependency:build-classpath \
      -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test) >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      exit 1
    fi
    rm -f "$log"
    echo "setup-clients: compiled client/java/target"
  fi
}

for lang in "${LANGS[@]}"; do
  case "$lang" in
    go) setup_go ;;
    ts) setup_ts ;;
    java) setup_java ;;
    *) echo "setup-clients: unknown language '$lang' (go, ts, java)" >&2; exit 2 ;;
  esac
done
