#!/usr/bin/env bash
# The whole suite, in order of how fast each step fails. Any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$PATH"

step() { printf '\n==> %s\n' "$*"; }

step "protos: buf lint and format"
(cd protos && buf lint && buf format --exit-code >/dev/null)

step "protos: wire compatibility (buf breaking)"
bash tools/check-breaking.sh

step "generated code is fresh"
bash tools/generate.sh --check

step "ruff"
uv run --frozen ruff check .
uv run --frozen ruff format --check .

step "mypy --strict"
uv run --frozen mypy

step "alembic: one head, models match migrations"
uv run --frozen python tools/check_migrations.py

step "pytest"
set +e
uv run --frozen pytest "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
  echo "pytest collected no tests: failing the run" >&2
  exit 1
fi
exit $status
