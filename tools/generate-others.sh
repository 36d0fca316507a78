#!/usr/bin/env bash
# Generates the Go, TypeScript and Java stubs from protos/ with buf and pinned,
# locally installed plugins (see protos/buf.gen.yaml). Called by tools/generate.sh
# with OUT=<output root> (the repository root, or a scratch tree in --check mode).
# Installs its tools when missing or at another version; a no-op install when done:
#   .cache/bin/protoc-gen-go, protoc-gen-go-grpc   (go install, GOBIN=.cache/bin)
#   .cache/bin/protoc, protoc-gen-grpc-java        (Maven Central executables)
#   tools/node_modules (buf, protoc-gen-es)        (npm ci from tools/package-lock.json)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
OUT="${OUT:-$ROOT}"

GO_PROTOBUF_VERSION=v1.36.12     # google.golang.org/protobuf (protoc-gen-go)
GO_GRPC_PLUGIN_VERSION=v1.6.2    # google.golang.org/grpc/cmd/protoc-gen-go-grpc
PROTOC_VERSION=4.36.2            # com.google.protobuf:protoc (matches protobuf-java in client/java)
GRPC_JAVA_PLUGIN_VERSION=1.83.1  # io.grpc:protoc-gen-grpc-java (newest linux-x86_64 exe served)

BIN="$ROOT/.cache/bin"
mkdir -p "$BIN"

# stamp NAME VERSION: true when BIN/NAME exists and was installed at VERSION.
stamp_ok() { [[ -x "$BIN/$1" && "$(cat "$BIN/.$1.version" 2>/dev/null)" == "$2" ]]; }
stamp_set() { printf '%s\n' "$2" >"$BIN/.$1.version"; }

if ! stamp_ok protoc-gen-go "$GO_PROTOBUF_VERSION"; then
  GOBIN="$BIN" GOFLAGS=-mod=mod go install "google.golang.org/protobuf/cmd/protoc-gen-go@$GO_PROTOBUF_VERSION"
  stamp_set protoc-gen-go "$GO_PROTOBUF_VERSION"
fi
if ! stamp_ok protoc-gen-go-grpc "$GO_GRPC_PLUGIN_VERSION"; then
  GOBIN="$BIN" GOFLAGS=-mod=mod go install "google.golang.org/grpc/cmd/protoc-gen-go-grpc@$GO_GRPC_PLUGIN_VERSION"
  stamp_set protoc-gen-go-grpc "$GO_GRPC_PLUGIN_VERSION"
fi

# maven_exe NAME GROUP:ARTIFACT VERSION: fetch a linux-x86_64 executable from Maven Central.
maven_exe() {
  local name="$1" ga="$2" version="$3" tmp
  stamp_ok "$name" "$version" && return 0
  tmp="$(mktemp -d)"
  if ! mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="$ga:$version:exe:linux-x86_64" -DoutputDirectory="$tmp" >"$tmp/mvn.log" 2>&1; then
    cat "$tmp/mvn.log" >&2
    exit 1
  fi
  install -m 0755 "$tmp"/*.exe "$BIN/$name"
  rm -rf "$tmp"
  stamp_set "$name" "$version"
}
maven_exe protoc com.google.protobuf:protoc "$PROTOC_VERSION"
maven_exe protoc-gen-grpc-java io.grpc:protoc-gen-grpc-java "$GRPC_JAVA_PLUGIN_VERSION"

# buf and protoc-gen-es, pinned by tools/package-lock.json.
if ! cmp -s tools/package-lock.json tools/node_modules/.cairn-installed-lock.json; then
  (cd tools && npm ci --no-audit --no-fund --loglevel=error &&
    cp package-lock.json node_modules/.cairn-installed-lock.json)
fi

GEN_DIRS=(client/go/gen client/ts/src/gen client/java/src/generated/java)
for dir in "${GEN_DIRS[@]}"; do
  rm -rf "${OUT:?}/$dir"
done
tools/node_modules/.bin/buf generate protos --template protos/buf.gen.yaml -o "$OUT"

