#!/usr/bin/env bash
# Run the Python SDK's tests in the venv clients/python/.venv (created/updated as needed).
#
#   clients/python/run-tests.sh            # unit tests (default; no server needed)
#   clients/python/run-tests.sh unit [pytest args...]
#   clients/python/run-tests.sh integration [pytest args...]
#                                          # needs AGENTOBS_BASE_URL and AGENTOBS_API_KEY (a member+ API
#                                          # key) of a running stack; fails if they are missing
#
# Exits non-zero when a test fails or when no test ran (pytest exit code 5).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SUITE="${1:-unit}"
[ "$#" -gt 0 ] && shift
case "$SUITE" in
  unit|integration) ;;
  *) echo "usage: $0 [unit|integration] [pytest args...]" >&2; exit 2 ;;
esac

VENV="$ROOT/.venv"
PYTHON="${PYTHON:-python3}"
stamp="$(cat "$ROOT/requirements-dev.txt" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
  echo "run-tests.sh: preparing $VENV" >&2
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements-dev.txt" -e "$ROOT"
  echo "$stamp" > "$VENV/.stamp"
fi

cd "$ROOT"
set +e
"$VENV/bin/python" -m pytest "tests/$SUITE" -p no:cacheprovider "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then
  echo "run-tests.sh: no tests ran for suite '$SUITE'" >&2
  exit 1
fi
exit "$rc"
