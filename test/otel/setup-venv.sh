#!/usr/bin/env bash
# Creates or refreshes test/otel/.venv (gitignored) with the pinned packages of requirements.txt: the Python
# OpenTelemetry SDK and OTLP/HTTP exporter that test/otel-python.e2e-spec.ts drives. Idempotent: a stamp of
# requirements.txt skips the work when nothing changed. Needs python3 (with venv) and PyPI; bounded by pip's
# per-request timeout and by the caller's overall timeout.
set -euo pipefail
DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="$DIR/.venv"
PYTHON="${PYTHON:-python3}"
# one at a time: e2e files run in parallel and two of them may prepare the venv at once (pip then trips over its own
# temporary files); the lock lives outside the tree, keyed by the venv's path
exec 9>"${TMPDIR:-/tmp}/agentobs-venv-$(printf '%s' "$VENV" | sha256sum | cut -c1-16).lock"
flock 9
stamp="$("$PYTHON" --version 2>&1 | tr -d '\n'; sha256sum "$DIR/requirements.txt" | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.stamp" 2>/dev/null || true)" = "$stamp" ]; then
  exit 0
fi
echo "setup-venv.sh: preparing $VENV" >&2
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --timeout 60 --retries 2 -r "$DIR/requirements.txt"
echo "$stamp" > "$VENV/.stamp"
