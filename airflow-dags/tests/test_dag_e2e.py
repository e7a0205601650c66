"""End to end: `airflow dags test omnitouch_nightly` with the real launcher on the embedded Spark
over sample data, then the marts are checked.

Skips, saying why, until the launcher, its jar, the nightly `run` command and the sample data are
all there. Checks: every task succeeded; the plain Parquet export of sales_daily has the date's
partition; run_metrics holds exactly the run id shared by the Airflow run; sales_daily matches
OMNITOUCH_E2E_EXPECTED_SALES when given; and every gold table equals that of a one-shot
`omnitouch run` of the same date (CompareMarts), unless OMNITOUCH_E2E_REFERENCE=0.

With OMNITOUCH_SAMPLE_WAREHOUSE and OMNITOUCH_SAMPLE_BEFORE_LAST (bin/test builds both with
bin/run-sample: the sample warehouse, and a copy of it taken before its last date), the DAG runs the
last date on a copy of the warehouse of the day before, and every gold table (all eight weeks of it)
must equal the sample warehouse's: the night on top of real history, and no second Spark run to
compute the reference.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, SOURCES, airflow_env, dags_test, latest_run_and_states, tail

HOME = Path(os.environ.get("OMNITOUCH_HOME", str(REPO))).resolve()
LAUNCHER = HOME / "bin" / "omnitouch"
JAR = HOME / "jobs" / "target" / "omnitouch.jar"
INPUT = Path(os.environ.get("OMNITOUCH_INPUT", str(HOME / "sample-data"))).resolve()
COMPARER = HOME / "jobs" / "src" / "test" / "cluster" / "CompareMarts.java"
SAMPLE_WAREHOUSE = os.environ.get("OMNITOUCH_SAMPLE_WAREHOUSE")
SAMPLE_BEFORE_LAST = os.environ.get("OMNITOUCH_SAMPLE_BEFORE_LAST")
DAG_TIMEOUT_SECONDS = int(os.environ.get("OMNITOUCH_E2E_TIMEOUT", "3600"))
TASKS = 12


def _help(command: str) -> str:
    result = subprocess.run(
        [str(LAUNCHER), command, "--help"], capture_output=True, text=True, timeout=600, cwd=HOME
    )
    return result.stdout + result.stderr


def _blocker() -> str | None:
    if not LAUNCHER.is_file():
        return f"no launcher at {LAUNCHER}"
    if not JAR.is_file():
        return f"no {JAR} (build it: mvn -B -q -DskipTests package)"
    if not INPUT.is_dir():
        return f"no sample data at {INPUT} (set OMNITOUCH_INPUT)"
    if "--date" not in _help("run"):
        return "'omnitouch run' is not built yet (no --date in its help)"
    return None


def _pick_date() -> str:
    """OMNITOUCH_E2E_DATE, else the latest dt= partition that all four sources have."""
    if os.environ.get("OMNITOUCH_E2E_DATE"):
        return os.environ["OMNITOUCH_E2E_DATE"]
    common = None
    for source in SOURCES:
        dates = {p.name[3:] for p in (INPUT / source).glob("dt=*") if p.is_dir()}
        common = dates if common is None else common & dates
    if not common:
        pytest.fail(f"no dt= partition common to {SOURCES} under {INPUT}")
    return max(common)


def _sample_history() -> tuple[Path, Path] | None:
    """(the sample warehouse, its copy of the day before its last date) when bin/test built both."""
    if not (SAMPLE_WAREHOUSE and SAMPLE_BEFORE_LAST):
        return None
    sample, before_last = Path(SAMPLE_WAREHOUSE), Path(SAMPLE_BEFORE_LAST)
    assert (sample / "gold").is_dir(), f"OMNITOUCH_SAMPLE_WAREHOUSE={sample} has no gold tables"
    assert (before_last / "gold").is_dir(), f"OMNITOUCH_SAMPLE_BEFORE_LAST={before_last} has no gold tables"
    return sample, before_last


def _java_flags() -> list[str]:
    pom = (HOME / "pom.xml").read_text()
    return re.search(r"<spark.java17.flags>(.*?)</spark.java17.flags>", pom, re.S).group(1).split()


def _launcher_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OMNITOUCH_MASTER", "OMNITOUCH_WAREHOUSE")}
    if not env.get("OMNITOUCH_PII_KEY"):
        env["OMNITOUCH_DEV"] = "1"
    return env


def _sql(warehouse: Path, query: str) -> list[list[str]]:
    result = subprocess.run(
        [str(LAUNCHER), "sql", query, "--warehouse", str(warehouse), "--format", "csv"],
        capture_output=True, text=True, timeout=600, cwd=HOME, env=_launcher_env(),
    )
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    import csv

    rows = list(csv.reader(result.stdout.strip().splitlines()))
    return rows[1:]  # without the header


@pytest.fixture(scope="module")
def nightly_run(tmp_path_factory):
    reason = _blocker()
    if reason:
        pytest.skip(f"end-to-end Airflow run skipped: {reason}")
    date = _pick_date()
    logical = (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat() + "T02:00:00+08:00"
    work = tmp_path_factory.mktemp("e2e")
    warehouse = work / "wh-airflow"
    history = _sample_history()
    if history:
        last = max(p.name[3:] for p in (INPUT / "orders").glob("dt=*"))
        assert date == last, f"the sample warehouse's copy is of the day before {last}, not {date}"
        shutil.copytree(history[1], warehouse, symlinks=True)
    markers = all((INPUT / s / f"dt={date}" / "_SUCCESS").exists() for s in SOURCES)
    variables = {
        "omnitouch_home": str(HOME),
        "omnitouch_input": str(INPUT),
        "omnitouch_warehouse": str(warehouse),
        "omnitouch_dev": "0" if os.environ.get("OMNITOUCH_PII_KEY") else "1",
        "omnitouch_ready_marker": "_SUCCESS" if markers else "",
    }
    launcher = {k: v for k, v in _launcher_env().items() if k.startswith("OMNITOUCH_")}
    if history:
        # As bin/run-sample built the sample warehouse: its short history warns, never fails.
        launcher["OMNITOUCH_COMPLETENESS_FAIL"] = "1"
    env = airflow_env(variables, launcher)
    result = dags_test(logical, env, timeout=DAG_TIMEOUT_SECONDS)
    assert result.returncode == 0, tail(result.stdout + result.stderr, 120)
    run, states = latest_run_and_states(env)
    return {"date": date, "warehouse": warehouse, "work": work, "run": run, "states": states}


def test_every_task_succeeded(nightly_run):
    assert nightly_run["run"]["state"] == "success"
    states = nightly_run["states"]
    assert len(states) == TASKS and set(states.values()) == {"success"}, states


def test_sales_daily_export_has_the_date(nightly_run):
    partition = nightly_run["warehouse"] / "exports" / "sales_daily" / f"dt={nightly_run['date']}"
    assert list(partition.glob("*.parquet")), f"no Parquet files in {partition}"


def test_run_metrics_hold_the_shared_run_id(nightly_run):
    if "--format" not in _help("sql"):
        pytest.skip("'omnitouch sql' is not built yet")
    run_id = nightly_run["run"]["run_id"]
    expected = "airflow-" + re.sub(r"[^A-Za-z0-9._-]+", "-", run_id).strip("-")
    rows = _sql(
        nightly_run["warehouse"],
        f"SELECT DISTINCT run_id FROM run_metrics WHERE dt = DATE'{nightly_run['date']}'",
    )
    assert rows == [[expected]]


def test_sales_daily_pinned_figures(nightly_run):
    expected = os.environ.get("OMNITOUCH_E2E_EXPECTED_SALES")
    if not expected:
        pytest.skip("set OMNITOUCH_E2E_EXPECTED_SALES='rows,orders,revenue' to pin sales_daily figures")
    rows = _sql(
        nightly_run["warehouse"],
        "SELECT count(*), sum(orders), cast(sum(revenue) AS decimal(18,2)) FROM sales_daily "
        f"WHERE dt = DATE'{nightly_run['date']}'",
    )
    assert rows == [expected.split(",")]


def test_marts_equal_a_one_shot_run(nightly_run):
    if os.environ.get("OMNITOUCH_E2E_REFERENCE") == "0":
        pytest.skip("OMNITOUCH_E2E_REFERENCE=0")
    work, date = nightly_run["work"], nightly_run["date"]
    history = _sample_history()
    if history:
        reference = history[0]
    else:
        reference = work / "wh-reference"
        one_shot = subprocess.run(
            [str(LAUNCHER), "run", "--date", date, "--input", str(INPUT), "--warehouse", str(reference),
             "--run-id", "e2e-reference"],
            capture_output=True, text=True, timeout=DAG_TIMEOUT_SECONDS, cwd=HOME, env=_launcher_env(),
        )
        assert one_shot.returncode == 0, tail(one_shot.stdout + one_shot.stderr)
    classes = work / "compare-classes"
    subprocess.run(["javac", "-nowarn", "-d", str(classes), "-cp", str(JAR), str(COMPARER)],
                   check=True, capture_output=True, timeout=300)
    compare = subprocess.run(
        ["java", *_java_flags(), "-Xmx2g", "-cp", f"{classes}:{JAR}", "CompareMarts",
         str(nightly_run["warehouse"]), str(reference)],
        capture_output=True, text=True, timeout=1800,
    )
    assert compare.returncode == 0 and "MARTS EQUAL" in compare.stdout, tail(compare.stdout + compare.stderr)
