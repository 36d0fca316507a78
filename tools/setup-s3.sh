#!/usr/bin/env bash
# Installs the S3-compatible server the artifact tests and bench run against:
# Versity's versitygw (Apache-2.0) with its POSIX backend, so objects live on disk and
# survive restarts. Built from the Go module proxy; idempotent (a no-op when the pinned
# version is already installed). Prints the binary's path on its last line.
#
#   tools/setup-s3.sh            # installs into .cache/tools/bin under the repo
#   CAIRN_TOOLS_DIR=/opt/x tools/setup-s3.sh
set -euo pipefail

VERSION="v1.8.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BIN_DIR="${CAIRN_TOOLS_DIR:-$ROOT/.cache/tools}/bin"
BIN="$BIN_DIR/versitygw"
STAMP="$BIN_DIR/.versitygw-version"

if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$VERSION" ]]; then
  echo "$BIN"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  for candidate in /usr/local/go/bin /usr/lib/go/bin; do
    [[ -x "$candidate/go" ]] && PATH="$candidate:$PATH"
  done
fi
if ! command -v go >/dev/null 2>&1; then
  echo "setup-s3: installing Go from Debian's packages" >&2
  apt-get update -qq && apt-get install -y -qq golang-go >&2
fi

mkdir -p "$BIN_DIR"
echo "setup-s3: building versitygw $VERSION (a few minutes on a fresh machine)" >&2
GOBIN="$BIN_DIR" GOFLAGS=-mod=mod go install "github.com/versity/versitygw/cmd/versitygw@$VERSION" >&2
echo "$VERSION" > "$STAMP"
echo "$BIN"
