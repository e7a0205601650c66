#!/usr/bin/env bash
# Tests of the omnitouch Airflow DAGs with real Apache Airflow.
# Creates/refreshes the virtualenv .venvs/airflow (pinned: requirements.txt + constraints-3.11.txt),
# gives Airflow a throw-away AIRFLOW_HOME (SQLite), migrates its DB and runs pytest.
# Extra arguments go to pytest (e.g. -k integrity); --prepare only creates the venv. Environment: see tests/conftest.py
# (OMNITOUCH_HOME, OMNITOUCH_INPUT, OMNITOUCH_E2E_DATE, ...); AIRFLOW_TEST_VENV overrides the venv.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"
VENV="${AIRFLOW_TEST_VENV:-$REPO/.venvs/airflow}"
PY_VERSION=3.11
CONSTRAINTS="$HERE/constraints-$PY_VERSION.txt"

python_bin() {
  if command -v "python$PY_VERSION" >/dev/null 2>&1; then echo "python$PY_VERSION"; return; fi
  if python3 -c "import sys; sys.exit(sys.version_info[:2] != (3, 11))" 2>/dev/null; then echo python3; return; fi
  echo "run-tests.sh: needs Python $PY_VERSION (the constraints are for it)" >&2
  exit 2
}

stamp="$(cat "$HERE/requirements.txt" "$CONSTRAINTS" | sha256sum | cut -d' ' -f1)"
if [[ ! -x "$VENV/bin/python" || "$(cat "$VENV/.omnitouch-stamp" 2>/dev/null)" != "$stamp" ]]; then
  t0=$SECONDS
  rm -rf "$VENV"
  "$(python_bin)" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check -r "$HERE/requirements.txt" -c "$CONSTRAINTS"
  echo "$stamp" >"$VENV/.omnitouch-stamp"
  echo "run-tests.sh: installed Airflow into $VENV in $((SECONDS - t0)) s"
fi
[[ "${1:-}" == "--prepare" ]] && exit 0

AIRFLOW_HOME="$(mktemp -d "${TMPDIR:-/tmp}/omnitouch-airflow.XXXXXX")"
cleanup() { rm -rf "$AIRFLOW_HOME"; }
trap cleanup EXIT
export AIRFLOW_HOME
export AIRFLOW__CORE__DAGS_FOLDER="$HERE"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__UNIT_TEST_MODE=False
export PYTHONDONTWRITEBYTECODE=1

t0=$SECONDS
"$VENV/bin/airflow" db migrate >"$AIRFLOW_HOME/db-migrate.log" 2>&1 || {
  cat "$AIRFLOW_HOME/db-migrate.log"
  exit 1
}
echo "run-tests.sh: airflow db migrate in $((SECONDS - t0)) s (AIRFLOW_HOME=$AIRFLOW_HOME)"

cd "$HERE"
"$VENV/bin/python" -m pytest "$@"
