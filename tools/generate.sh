#!/usr/bin/env bash
# Regenerates every language's stubs from protos/ into client/<language>/.
#   tools/generate.sh          write the stubs in place
#   tools/generate.sh --check  regenerate into a scratch tree and fail on any difference
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
MODE="${1:-write}"
OUT="$ROOT"
if [[ "$MODE" == "--check" ]]; then
  OUT="$(mktemp -d)"
  trap 'rm -rf "$OUT"' EXIT
fi

# Python: grpcio-tools' bundled protoc (pinned in uv.lock) plus mypy-protobuf for typed stubs.
PY_OUT="$OUT/client/python"
mkdir -p "$PY_OUT/cairn/v1"
rm -f "$PY_OUT"/cairn/v1/*_pb2*.py "$PY_OUT"/cairn/v1/*_pb2*.pyi
uv run --frozen python -m grpc_tools.protoc -I protos \
  --python_out="$PY_OUT" --grpc_python_out="$PY_OUT" \
  --mypy_out="$PY_OUT" --mypy_grpc_out="$PY_OUT" \
  protos/cairn/v1/*.proto 2> >(grep -v '^Writing mypy' >&2) >/dev/null
printf '# Generated package: stubs from protos/cairn/v1 by tools/generate.sh. Do not edit.\n' \
  > "$PY_OUT/cairn/v1/__init__.py"

# Other languages: buf with locally installed, pinned plugins (see protos/buf.gen.yaml).
if [[ -f tools/generate-others.sh ]]; then
  OUT="$OUT" bash tools/generate-others.sh
fi

if [[ "$MODE" == "--check" ]]; then
  status=0
  for dir in client/python/cairn/v1 $(cat tools/generated-dirs.txt 2>/dev/null || true); do
    if ! diff -r -q "$ROOT/$dir" "$OUT/$dir" >/dev/null 2>&1; then
      echo "generated code in $dir is stale; run tools/generate.sh and commit the result" >&2
      diff -r "$ROOT/$dir" "$OUT/$dir" | head -40 >&2 || true
      status=1
    fi
  done
  exit $status
fi
