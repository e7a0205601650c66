"""Shared setup of the DAG tests.

run-tests.sh provides a migrated throw-away AIRFLOW_HOME; run directly, pytest gets one here
(then only the tests that need no metadata DB pass). Environment knobs of the end-to-end test:

- OMNITOUCH_HOME       repository with bin/omnitouch and jobs/target/omnitouch.jar (default: ..)
- OMNITOUCH_INPUT      input tree (default: $OMNITOUCH_HOME/sample-data)
- OMNITOUCH_E2E_DATE   business date to run (default: latest dt= that all four sources have)
- OMNITOUCH_E2E_REFERENCE=0   skip the comparison with a one-shot `omnitouch run`
- OMNITOUCH_E2E_EXPECTED_SALES="rows,orders,revenue"   pinned sales_daily figures for that date
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

DAGS_DIR = Path(__file__).resolve().parents[1]
REPO = DAGS_DIR.parent

# Before anything imports airflow.
if "AIRFLOW_HOME" not in os.environ:
    os.environ["AIRFLOW_HOME"] = tempfile.mkdtemp(prefix="omnitouch-airflow-")
os.environ.setdefault("AIRFLOW__CORE__DAGS_FOLDER", str(DAGS_DIR))
os.environ.setdefault("AIRFLOW__CORE__LOAD_EXAMPLES", "False")
if str(DAGS_DIR) not in sys.path:
    sys.path.insert(0, str(DAGS_DIR))

import pytest  # noqa: E402

NIGHTLY = "omnitouch_nightly"
MAINTENANCE = "omnitouch_maintenance"
SOURCES = ("scans", "orders", "guide_events", "group_events")
OMNITOUCH_VARIABLES = (
    "OMNITOUCH_HOME",
    "OMNITOUCH_INPUT",
    "OMNITOUCH_WAREHOUSE",
    "OMNITOUCH_MASTER",
    "OMNITOUCH_SPARK_SUBMIT",
    "OMNITOUCH_JAR",
    "OMNITOUCH_EXTRA_ARGS",
    "OMNITOUCH_READY_MARKER",
    "OMNITOUCH_FS_CONN_ID",
    "OMNITOUCH_DEV",
    "OMNITOUCH_ALERT_COMMAND",
)


@pytest.fixture(scope="session")
def dagbag():
    from airflow.dag_processing.dagbag import BundleDagBag

    # BundleDagBag is what the DAG processor uses: it puts the folder on sys.path.
    return BundleDagBag(dag_folder=str(DAGS_DIR), bundle_path=DAGS_DIR)


def airflow_env(variables: dict[str, str], extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an `airflow` CLI call: Variables as AIRFLOW_VAR_*, fs_default set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIRFLOW_VAR_")}
    for name, value in variables.items():
        env[f"AIRFLOW_VAR_{name.upper()}"] = value
    env.setdefault("AIRFLOW_CONN_FS_DEFAULT", json.dumps({"conn_type": "fs"}))
    env.update(extra or {})
    return env


def airflow_bin() -> str:
    return str(Path(sys.executable).with_name("airflow"))


def dags_test(logical_date: str, env: dict[str, str], timeout: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [airflow_bin(), "dags", "test", NIGHTLY, logical_date],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def last_json(stdout: str):
    """The JSON document that an `airflow ... -o json` call printed (after any log lines)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("[") or line.startswith("{"):
            return json.loads(line)
    raise AssertionError(f"no JSON in output:\n{stdout[-2000:]}")


def latest_run_and_states(env: dict[str, str]) -> tuple[dict, dict[str, str]]:
    """The latest run of the nightly DAG in this AIRFLOW_HOME and its task states."""
    runs = last_json(
        subprocess.run(
            [airflow_bin(), "dags", "list-runs", NIGHTLY, "-o", "json"],
            env=env, capture_output=True, text=True, check=True, timeout=120,
        ).stdout
    )
    run = max(runs, key=lambda r: r["run_after"])
    states = last_json(
        subprocess.run(
            [airflow_bin(), "tasks", "states-for-dag-run", NIGHTLY, run["run_id"], "-o", "json"],
            env=env, capture_output=True, text=True, check=True, timeout=120,
        ).stdout
    )
    return run, {s["task_id"]: s["state"] for s in states}


def tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])
