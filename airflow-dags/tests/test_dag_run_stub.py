"""`airflow dags test` of the real nightly DAG with a stub launcher that records its calls.

Runs the scheduling path for real (sensors poking the input tree, templates, Variables, the
shared run id, stage order) in a few seconds, without Spark; test_dag_e2e.py does the same with
the real launcher.
"""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest
from conftest import SOURCES, airflow_env, dags_test, latest_run_and_states, tail

BUSINESS_DATE = "2026-11-22"
LOGICAL_DATE = "2026-11-23T02:00:00+08:00"
TASKS = 12
SENSOR_WAIT_SECONDS = 40
STUB = """#!/usr/bin/env bash
printf '%s|%s|%s\\n' "$PWD" "${OMNITOUCH_DEV:-}" "$*" >> "$STUB_CALLS"
"""


def make_tree(tmp_path: Path, marker: str | None) -> Path:
    for source in SOURCES:
        part = tmp_path / "input" / source / f"dt={BUSINESS_DATE}"
        part.mkdir(parents=True)
        (part / "part-0.csv").write_text("header\n")
        if marker:
            (part / marker).write_text("")
    return tmp_path / "input"


def make_stub(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(STUB)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def parse_calls(calls_file: Path) -> list[tuple[str, str, list[str]]]:
    calls = []
    for line in calls_file.read_text().splitlines():
        cwd, dev, args = line.split("|", 2)
        calls.append((cwd, dev, args.split()))
    return calls


def option(args: list[str], name: str) -> str:
    return args[args.index(name) + 1]


def check_run(result, env, calls_file: Path) -> list[list[str]]:
    assert result.returncode == 0, tail(result.stdout + result.stderr)
    run, states = latest_run_and_states(env)
    assert run["state"] == "success"
    assert len(states) == TASKS and set(states.values()) == {"success"}, states
    calls = parse_calls(calls_file)
    # The alert task: `omnitouch alert` (after spark-submit's own options), a dry run without webhooks.
    alerts = [a[a.index("alert"):] for _, _, a in calls if "alert" in a and "--stages" not in a]
    assert len(alerts) == 1, calls
    assert alerts[0] == ["alert", "--date", BUSINESS_DATE, "--warehouse", option(alerts[0], "--warehouse"), "--dry-run"]
    calls = [c for c in calls if "--stages" in c[2]]
    args = [a for _, _, a in calls]
    stages = [option(a, "--stages") for a in args]
    assert stages[:2] == ["ingest", "silver"]
    assert sorted(stages[2:5]) == ["diversion,fraud,channel", "sales,customers,attribution,conversion,engagement", "uplift"]
    assert stages[5:] == ["export", "report"]
    assert {option(a, "--date") for a in args} == {BUSINESS_DATE}
    run_ids = {option(a, "--run-id") for a in args}
    assert run_ids == {"airflow-" + run["run_id"].replace(":", "-").replace("+", "-")}
    assert {dev for _, dev, _ in calls} == {"1"}
    return args


def test_launcher_mode_with_success_markers(tmp_path):
    home = tmp_path / "home"
    make_stub(home / "bin" / "omnitouch")
    input_dir = make_tree(tmp_path, marker="_SUCCESS")
    calls = tmp_path / "calls.log"
    env = airflow_env(
        {"omnitouch_home": str(home), "omnitouch_input": str(input_dir), "omnitouch_dev": "1",
         "omnitouch_master": "spark://127.0.0.1:7077"},
        {"STUB_CALLS": str(calls)},
    )
    result = dags_test(LOGICAL_DATE, env, timeout=600)
    args = check_run(result, env, calls)
    for a in args:
        assert a[0] == "run"
        assert option(a, "--input") == str(input_dir)
        assert option(a, "--warehouse") == str(home / "warehouse")  # default: <home>/warehouse
        assert option(a, "--master") == "spark://127.0.0.1:7077"
    assert {cwd for cwd, _, _ in parse_calls(calls)} == {str(home)}


def test_spark_submit_mode_and_folder_sensors(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    submit = make_stub(tmp_path / "bin" / "spark-submit")
    input_dir = make_tree(tmp_path, marker=None)  # no _SUCCESS: sensors wait for the folder
    calls = tmp_path / "calls.log"
    env = airflow_env(
        {"omnitouch_home": str(home), "omnitouch_input": str(input_dir), "omnitouch_dev": "1",
         "omnitouch_warehouse": "s3a://bucket/omnitouch", "omnitouch_ready_marker": "",
         "omnitouch_spark_submit": f"{submit} --master yarn --deploy-mode cluster",
         "omnitouch_jar": "/opt/omnitouch/omnitouch-slim.jar",
         "omnitouch_extra_args": "--shuffle-partitions 64"},
        {"STUB_CALLS": str(calls)},
    )
    result = dags_test(LOGICAL_DATE, env, timeout=600)
    args = check_run(result, env, calls)
    for a in args:
        assert a[:6] == ["--master", "yarn", "--deploy-mode", "cluster", "--class",
                         "io.omnitouch.cli.Omnitouch"]
        assert a[6:8] == ["/opt/omnitouch/omnitouch-slim.jar", "run"]
        assert option(a, "--warehouse") == "s3a://bucket/omnitouch"
        assert option(a, "--shuffle-partitions") == "64"
        assert "--master" not in a[2:]


def test_sensor_waits_while_the_partition_is_missing(tmp_path):
    """No dt= folder: the sensors reschedule instead of letting ingest run."""
    home = tmp_path / "home"
    make_stub(home / "bin" / "omnitouch")
    input_dir = tmp_path / "input"
    input_dir.mkdir()
    calls = tmp_path / "calls.log"
    env = airflow_env(
        {"omnitouch_home": str(home), "omnitouch_input": str(input_dir), "omnitouch_dev": "1"},
        {"STUB_CALLS": str(calls)},
    )
    with pytest.raises(subprocess.TimeoutExpired):
        dags_test(LOGICAL_DATE, env, timeout=SENSOR_WAIT_SECONDS)  # waits for the sensors
    assert not calls.exists(), "the launcher ran although no partition was there"
    _, states = latest_run_and_states(env)
    assert {states[f"wait_{s}"] for s in SOURCES} == {"up_for_reschedule"}, states
    assert states["ingest"] in (None, "none", "", "scheduled"), states
