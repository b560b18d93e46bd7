#!/usr/bin/env bash
# Generate the API client (layer 1) into agentobs/_generated from an OpenAPI document.
#
#   clients/python/scripts/generate.sh path/to/openapi.json
#
# Output: clients/python/agentobs/_generated, or $AGENTOBS_GEN_TARGET when set (e.g. a temp dir for a
# drift check; its parent directories are created).
#
# - creates/reuses the venv clients/python/.venv-gen with the pinned toolchain
#   (scripts/requirements-gen.txt; reinstalled when that file changes)
# - runs openapi-python-client with --meta none and openapi-python-client.yml
# - fails on any generator warning (set AGENTOBS_GEN_ALLOW_WARNINGS=1 to accept them)
# - generates into a scratch directory, then replaces agentobs/_generated as a whole,
#   so stale files never survive and a rerun on the same document is byte-identical.
set -euo pipefail

if [ "$#" -ne 1 ]; then
  echo "usage: $0 <path-to-openapi.json>" >&2
  exit 2
fi
SPEC="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
if [ ! -f "$SPEC" ]; then
  echo "generate.sh: no such file: $1" >&2
  exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"   # clients/python
VENV="$ROOT/.venv-gen"
REQS="$ROOT/scripts/requirements-gen.txt"
CONFIG="$ROOT/openapi-python-client.yml"
TARGET="${AGENTOBS_GEN_TARGET:-$ROOT/agentobs/_generated}"   # the drift check generates elsewhere
PYTHON="${PYTHON:-python3}"

stamp="$(cat "$REQS" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/openapi-python-client" ] || [ "$(cat "$VENV/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
  echo "generate.sh: preparing $VENV" >&2
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQS"
  echo "$stamp" > "$VENV/.stamp"
fi

# The post hooks (ruff) must resolve to the pinned venv binaries.
export PATH="$VENV/bin:$PATH"
export PYTHONHASHSEED=0 LC_ALL=C.UTF-8 TZ=UTC

SCRATCH="$(mktemp -d)"
trap 'rm -rf "$SCRATCH"' EXIT
OUT="$SCRATCH/_generated"

set +e
"$VENV/bin/openapi-python-client" generate \
  --path "$SPEC" \
  --meta none \
  --config "$CONFIG" \
  --output-path "$OUT" \
  --overwrite >"$SCRATCH/log" 2>&1
status=$?
set -e
# Drop the "Generating <scratch path>" line: it is the only non-deterministic output.
grep -v '^Generating ' "$SCRATCH/log" > "$SCRATCH/log.clean" || true
if [ "$status" -ne 0 ]; then
  cat "$SCRATCH/log.clean" >&2
  echo "generate.sh: openapi-python-client failed (exit $status)" >&2
  exit "$status"
fi
if grep -qiE 'warning|error|skipping|unable to' "$SCRATCH/log.clean"; then
  cat "$SCRATCH/log.clean" >&2
  if [ "${AGENTOBS_GEN_ALLOW_WARNINGS:-0}" != "1" ]; then
    echo "generate.sh: the generator reported warnings (see above); fix openapi.json or set AGENTOBS_GEN_ALLOW_WARNINGS=1" >&2
    exit 1
  fi
fi
if [ ! -f "$OUT/client.py" ]; then
  echo "generate.sh: generator produced no client.py" >&2
  exit 1
fi

# No bytecode or tool caches in the tree.
find "$OUT" \( -name '__pycache__' -o -name '.ruff_cache' \) -prune -exec rm -rf {} +
rm -rf "$TARGET"
mkdir -p "$(dirname "$TARGET")"
mv "$OUT" "$TARGET"
echo "generate.sh: wrote $TARGET ($(find "$TARGET" -name '*.py' | wc -l) modules)"
