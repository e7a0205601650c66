#!/usr/bin/env bash
# Executes every analyst notebook headless (jupyter nbconvert --execute) against the sample
# warehouse and fails on any cell error. Creates the virtual environment .venvs/notebooks with the
# pinned requirements when it is missing or requirements.txt changed.
#   OMNITOUCH_SAMPLE_WAREHOUSE  the warehouse to read (default: <repo>/warehouse)
#   --write                     keep the executed outputs in the notebooks (to commit them)
#   --prepare                   only create the virtual environment (bin/test does it early)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="$repo/.venvs/notebooks"
warehouse="${OMNITOUCH_SAMPLE_WAREHOUSE:-$repo/warehouse}"

want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [[ ! -x "$venv/bin/jupyter" || "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$want" ]]; then
  echo "notebooks: installing pinned requirements into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
  echo "$want" >"$venv/.requirements.sha256"
fi
[[ "${1:-}" == "--prepare" ]] && exit 0
if [[ ! -d "$warehouse/gold" ]]; then
  echo "notebooks: no warehouse at $warehouse (build it with bin/run-sample)" >&2
  exit 2
fi

export OMNITOUCH_WAREHOUSE="$warehouse" PYDEVD_DISABLE_FILE_VALIDATION=1
unset MPLBACKEND # the notebooks plot inline
logs="$(mktemp -d)"
mode=(--output-dir "$logs")
[[ "${1:-}" == "--write" ]] && mode=(--inplace)
passed=0
failed=0
for nb in "$here"/[0-9][0-9]_*.ipynb; do
  name="$(basename "$nb")"
  t0=$(date +%s)
  # timeout: a hung cell (or JVM) must not hang the test command
  if timeout 1800 "$venv/bin/jupyter" nbconvert --to notebook --execute \
    --ExecutePreprocessor.timeout=900 --ExecutePreprocessor.kernel_name=python3 \
    "${mode[@]}" "$nb" >"$logs/$name.log" 2>&1; then
    echo "ok   $name ($(($(date +%s) - t0)) s)"
    passed=$((passed + 1))
  else
    echo "FAIL $name ($(($(date +%s) - t0)) s):"
    tail -40 "$logs/$name.log"
    failed=$((failed + 1))
  fi
done
echo "notebooks: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
