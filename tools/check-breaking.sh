#!/usr/bin/env bash
# Fails when protos/ breaks wire compatibility with what has shipped: the previous
# commit, and origin/main when it exists (so a branch is checked against main).
set -euo pipefail
cd "$(dirname "$0")/.."
BUF="tools/node_modules/.bin/buf"
against=()
if git rev-parse --verify -q HEAD~1 >/dev/null && git cat-file -e HEAD~1:protos/buf.yaml 2>/dev/null; then
  against+=("HEAD~1")
fi
if git rev-parse --verify -q origin/main >/dev/null; then
  against+=("origin/main")
fi
# Uncommitted changes are compared with HEAD.
if git cat-file -e HEAD:protos/buf.yaml 2>/dev/null; then
  against+=("HEAD")
fi
for ref in "${against[@]}"; do
  echo "buf breaking against $ref"
  "$BUF" breaking protos --against ".git#ref=$ref,subdir=protos"
done
