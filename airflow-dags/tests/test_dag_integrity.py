"""DagBag integrity: the DAG files import cleanly, do no work at import time, and carry the
scheduling contract of issue 7 (schedule, business date, retries, sensors, owner, tags)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pendulum
import pytest
from conftest import DAGS_DIR, MAINTENANCE, NIGHTLY, SOURCES

from omnitouch_support import business_date, omnitouch_run_id, send_alert

OWNER = "omnitouch-data"
IMPORT_SECONDS_LIMIT = 2.0
MART_GROUPS = {"marts_sales_attribution", "marts_diversion_fraud", "marts_uplift"}


def test_no_import_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {NIGHTLY, MAINTENANCE}


@pytest.mark.parametrize("dag_id", [NIGHTLY, MAINTENANCE])
def test_owner_retries_tags_docs(dagbag, dag_id):
    dag = dagbag.get_dag(dag_id)
    assert "omnitouch" in dag.tags
    assert dag.doc_md and dag.doc_md.strip().startswith("# omnitouch")
    assert dag.max_active_runs == 1
    for task in dag.tasks:
        assert task.owner == OWNER, task.task_id
        assert task.on_failure_callback, task.task_id
        if task.task_type.endswith("Sensor"):
            continue  # a sensor that timed out is not retried: its data is late, not flaky
        assert task.retries >= 2, task.task_id
        assert task.retry_exponential_backoff > 1, task.task_id
        assert task.max_retry_delay is None or task.max_retry_delay >= task.retry_delay
        assert task.execution_timeout is not None, task.task_id


def test_nightly_schedule_and_catchup(dagbag):
    dag = dagbag.get_dag(NIGHTLY)
    assert dag.catchup is True
    assert dag.timetable.expression == "0 2 * * *"
    assert str(dag.timetable.timezone) == "Asia/Shanghai"
    assert dag.timetable.interval == timedelta(0)  # run at 02:00, data_interval_end = 02:00
    assert dag.dagrun_timeout == timedelta(hours=20)
    assert set(dag.tags) >= {"omnitouch", "nightly"}
    module_doc = ast.get_docstring(ast.parse(Path(dag.fileloc).read_text()), clean=False)
    assert dag.doc_md == module_doc


def test_first_runs_process_the_day_before_in_shanghai(dagbag):
    """The real timetable: run at 02:00 Asia/Shanghai on day X, business date X - 1."""
    from airflow.timetables.base import TimeRestriction
    from airflow.timetables.trigger import CronTriggerTimetable  # the scheduler's implementation

    dag = dagbag.get_dag(NIGHTLY)
    sdk = dag.timetable
    timetable = CronTriggerTimetable(sdk.expression, timezone=sdk.timezone, interval=sdk.interval)
    restriction = TimeRestriction(earliest=dag.start_date, latest=None, catchup=True)
    first = timetable.next_dagrun_info(last_automated_data_interval=None, restriction=restriction)
    assert first.run_after == pendulum.datetime(2026, 11, 1, 2, tz="Asia/Shanghai")
    assert first.data_interval.end == pendulum.datetime(2026, 10, 31, 18, tz="UTC")
    assert business_date(first.data_interval.end) == "2026-10-31"
    second = timetable.next_dagrun_info(
        last_automated_data_interval=first.data_interval, restriction=restriction
    )
    assert business_date(second.data_interval.end) == "2026-11-01"


@pytest.mark.parametrize(
    ("data_interval_end", "expected"),
    [
        ("2026-11-22T18:00:00+00:00", "2026-11-22"),  # 02:00 Shanghai on the 23rd
        ("2026-11-22T16:00:00+00:00", "2026-11-22"),  # 00:00 Shanghai on the 23rd
        ("2026-11-22T15:59:59+00:00", "2026-11-21"),  # 23:59:59 Shanghai on the 22nd
        ("2026-01-01T02:00:00+08:00", "2025-12-31"),  # across a year
        ("2028-03-01T02:00:00+08:00", "2028-02-29"),  # leap day
    ],
)
def test_business_date(data_interval_end, expected):
    assert business_date(pendulum.parse(data_interval_end)) == expected


def test_business_date_needs_a_data_interval():
    with pytest.raises(ValueError, match="logical date"):
        business_date(None)


def test_run_id_is_shared_and_safe():
    assert (
        omnitouch_run_id("scheduled__2026-11-22T18:00:00+00:00")
        == "airflow-scheduled__2026-11-22T18-00-00-00-00"
    )
    assert omnitouch_run_id("manual run/1 ;rm -rf") == "airflow-manual-run-1-rm--rf"


def test_nightly_task_graph(dagbag):
    dag = dagbag.get_dag(NIGHTLY)
    down = {t.task_id: set(t.downstream_task_ids) for t in dag.tasks}
    sensors = {f"wait_{s}" for s in SOURCES}
    assert set(down) == sensors | {"ingest", "silver", "export", "report", "alert"} | MART_GROUPS
    for sensor in sensors:
        assert down[sensor] == {"ingest"}
    assert down["ingest"] == {"silver"}
    assert down["silver"] == MART_GROUPS
    for group in MART_GROUPS:
        assert down[group] == {"export"}
    assert down["export"] == {"report"}
    assert down["report"] == {"alert"}
    assert down["alert"] == set()


def test_alert_runs_after_the_report_and_never_fails_the_marts(dagbag):
    dag = dagbag.get_dag(NIGHTLY)
    alert = dag.get_task("alert")
    # Everything else is upstream: a failed post cannot fail a mart or the report.
    assert alert.upstream_task_ids == {"report"}
    assert set(alert.get_flat_relative_ids(upstream=True)) == {t.task_id for t in dag.tasks} - {"alert"}
    assert alert.trigger_rule == "all_done"
    command = alert.bash_command
    assert " alert --date {{ business_date(data_interval_end) }}" in command
    assert "--stages" not in command
    assert 'if [ -z "${OMNITOUCH_ALERT_WEBHOOKS:-}" ]; then dry="--dry-run"; fi' in command


def test_mart_tasks_run_every_catalog_group_once(dagbag):
    """The mart tasks' --stages, together, are the launcher's mart groups (MartCatalog.groups(),
    kept in mart_groups.json by a Java test), each in exactly one task, so a new group is never
    silently left out of the nightly run."""
    catalog = json.loads((DAGS_DIR / "mart_groups.json").read_text(encoding="utf-8"))
    dag = dagbag.get_dag(NIGHTLY)
    scheduled = []
    for task in dag.tasks:
        if not task.task_id.startswith("marts_"):
            continue
        stages = re.search(r"--stages (\S+)", task.bash_command)
        assert stages, task.task_id
        scheduled.extend(stages.group(1).split(","))
    assert sorted(scheduled) == sorted(catalog)
    assert len(scheduled) == len(set(scheduled)), "a group runs in two tasks"


def test_sensors_reschedule_with_timeout(dagbag):
    dag = dagbag.get_dag(NIGHTLY)
    for source in SOURCES:
        sensor = dag.get_task(f"wait_{source}")
        assert sensor.task_type == "FileSensor"
        assert sensor.mode == "reschedule"
        assert 0 < sensor.timeout <= timedelta(hours=12).total_seconds()
        assert f"/{source}/dt={{{{ business_date(data_interval_end) }}}}/" in sensor.filepath


def test_tasks_call_the_launcher_with_one_stage_group_each(dagbag):
    dag = dagbag.get_dag(NIGHTLY)
    stages = {
        "ingest": "ingest",
        "silver": "silver",
        "marts_sales_attribution": "sales,customers,attribution,conversion,engagement",
        "marts_diversion_fraud": "diversion,fraud,channel",
        "marts_uplift": "uplift",
        "export": "export",
        "report": "report",
    }
    for task_id, stage in stages.items():
        command = dag.get_task(task_id).bash_command
        assert f"--stages {stage} " in command, task_id
        assert "business_date(data_interval_end)" in command
        assert "omnitouch_run_id(run_id)" in command
        assert "{{ ds }}" not in command


def test_dag_files_do_no_work_at_import():
    """Parsing the folder reads no Variable, opens no connection, starts no process, and is fast."""
    probe = textwrap.dedent(
        f"""
        import socket, subprocess, sys, time
        from pathlib import Path
        import airflow.sdk
        from airflow.sdk.definitions.variable import Variable as SdkVariable
        from airflow.dag_processing.dagbag import BundleDagBag

        calls = []
        def forbid(what):
            def f(*a, **k):
                calls.append(what)
                raise RuntimeError(what + " at import time")
            return f
        SdkVariable.get = staticmethod(forbid("Variable.get"))
        try:
            from airflow.models.variable import Variable as ModelVariable
            ModelVariable.get = staticmethod(forbid("Variable.get"))
        except ImportError:
            pass
        socket.socket.connect = forbid("socket.connect")
        subprocess.Popen.__init__ = forbid("subprocess")

        started = time.perf_counter()
        bag = BundleDagBag(dag_folder={str(DAGS_DIR)!r}, bundle_path=Path({str(DAGS_DIR)!r}))
        elapsed = time.perf_counter() - started
        print("ERRORS", bag.import_errors)
        print("CALLS", calls)
        print("DAGS", sorted(bag.dag_ids))
        print("SECONDS", elapsed)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    ).stdout
    lines = dict(line.split(" ", 1) for line in out.splitlines() if line.split(" ", 1)[0] in
                 {"ERRORS", "CALLS", "DAGS", "SECONDS"})
    assert lines["ERRORS"] == "{}"
    assert lines["CALLS"] == "[]"
    assert lines["DAGS"] == str(sorted([MAINTENANCE, NIGHTLY]))
    assert float(lines["SECONDS"]) < IMPORT_SECONDS_LIMIT


def test_alert_command_gets_message_and_fields(tmp_path):
    out = tmp_path / "alert.txt"
    send_alert(
        "task failed",
        {"dag_id": NIGHTLY, "task_id": "silver", "business_date": "2026-11-22"},
        f"sh -c 'cat > {out}; echo $OMNITOUCH_ALERT_KIND/$OMNITOUCH_ALERT_TASK_ID >> {out}'",
    )
    text = out.read_text()
    assert text == (
        "omnitouch task failed: dag_id=omnitouch_nightly, task_id=silver, business_date=2026-11-22\n"
        "task failed/silver\n"
    )


def test_alert_never_raises_on_a_broken_command(caplog):
    send_alert("task failed", {"task_id": "x"}, "/nonexistent/alert-command")
    assert any("alert command failed" in r.getMessage() for r in caplog.records)
