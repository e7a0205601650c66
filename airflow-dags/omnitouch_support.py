"""Helpers shared by the omnitouch DAGs: template macros and alert callbacks.

Kept out of the DAG files so that callbacks have a stable import path (Airflow imports DAG files
under generated module names) and so that tests can check them directly. Nothing here runs at
import time; Variables are read only when an alert is sent.
"""

from __future__ import annotations

import logging
import os
import re
import shlex
import subprocess
from datetime import datetime
from typing import Any, Mapping

import pendulum

#: The business time zone: every business date is an Asia/Shanghai date.
BUSINESS_TZ = "Asia/Shanghai"

#: Variable holding a command that receives alerts (message on stdin, fields in OMNITOUCH_ALERT_*).
ALERT_COMMAND_VARIABLE = "omnitouch_alert_command"

ALERT_TIMEOUT_SECONDS = 60

_UNSAFE_RUN_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]+")

log = logging.getLogger("omnitouch.alerts")


def business_date(data_interval_end: datetime | None) -> str:
    """The business date a run processes: the Asia/Shanghai date before data_interval_end.

    The nightly run fires at 02:00 Asia/Shanghai on day X (its data_interval_end) and processes
    day X - 1. Airflow's ``ds`` is the UTC date of the logical date, which is X - 1 or X - 2
    depending on the timetable, hence this explicit computation.
    """
    if data_interval_end is None:
        raise ValueError(
            "this run has no data interval (a manual run without logical date): "
            "trigger it with a logical date, e.g. 2026-11-23T02:00:00+08:00 to process 2026-11-22"
        )
    return (
        pendulum.instance(data_interval_end)
        .in_timezone(BUSINESS_TZ)
        .subtract(days=1)
        .to_date_string()
    )


def omnitouch_run_id(airflow_run_id: str) -> str:
    """The run id shared by every task of one Airflow run, safe for paths and shell words."""
    safe = _UNSAFE_RUN_ID_CHARS.sub("-", airflow_run_id).strip("-")
    return f"airflow-{safe}"


def shell_quote(value: Any) -> str:
    """Jinja filter ``sh``: one shell word."""
    return shlex.quote(str(value))


TEMPLATE_MACROS = {"business_date": business_date, "omnitouch_run_id": omnitouch_run_id}
TEMPLATE_FILTERS = {"sh": shell_quote}


def send_alert(kind: str, fields: Mapping[str, Any], command: str | None) -> None:
    """Logs the alert and, when a command is configured, runs it (never raises)."""
    text = f"omnitouch {kind}: " + ", ".join(f"{k}={v}" for k, v in fields.items())
    log.error(text)
    if not command:
        return
    env = dict(os.environ)
    env.update({f"OMNITOUCH_ALERT_{k.upper()}": str(v) for k, v in fields.items()})
    env["OMNITOUCH_ALERT_KIND"] = kind
    try:
        result = subprocess.run(
            shlex.split(command),
            input=text + "\n",
            text=True,
            env=env,
            timeout=ALERT_TIMEOUT_SECONDS,
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            log.error("alert command exited %s: %s", result.returncode, result.stderr.strip())
    except (OSError, subprocess.SubprocessError) as e:
        log.error("alert command failed: %s", e)


def _configured_alert_command() -> str | None:
    from airflow.sdk import Variable  # runtime only: never at DAG parse time

    try:
        return Variable.get(ALERT_COMMAND_VARIABLE, default=None)
    except Exception as e:  # an alert must not fail because the Variable store is unreachable
        log.error("cannot read Variable %s: %s", ALERT_COMMAND_VARIABLE, e)
        return None


def _fields(context: Mapping[str, Any]) -> dict[str, Any]:
    ti = context.get("ti") or context.get("task_instance")
    dag_run = context.get("dag_run")
    fields: dict[str, Any] = {
        "dag_id": getattr(ti, "dag_id", None) or getattr(dag_run, "dag_id", None),
        "task_id": getattr(ti, "task_id", None),
        "run_id": context.get("run_id") or getattr(dag_run, "run_id", None),
        "try_number": getattr(ti, "try_number", None),
    }
    try:
        fields["business_date"] = business_date(context.get("data_interval_end"))
    except ValueError:
        fields["business_date"] = None
    exception = context.get("exception")
    if exception is not None:
        fields["error"] = str(exception).splitlines()[0][:300] if str(exception) else repr(exception)
    return fields


def on_task_failure(context: Mapping[str, Any]) -> None:
    """on_failure_callback: a task failed for good (its retries are spent)."""
    send_alert("task failed", _fields(context), _configured_alert_command())


def on_run_failure(context: Mapping[str, Any]) -> None:
    """DAG-level on_failure_callback: the run failed or passed its dagrun_timeout."""
    fields = _fields(context)
    fields["reason"] = context.get("reason")
    send_alert("run failed", fields, _configured_alert_command())
