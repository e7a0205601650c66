"""
# omnitouch nightly

Runs the omnitouch pipeline every night at **02:00 Asia/Shanghai** for the business date
before it: the run of day X processes the Asia/Shanghai date X - 1 (computed from the run's
`data_interval_end` by the `business_date` macro; Airflow's `ds` is a UTC date and is not used).

```
wait_scans, wait_orders, wait_guide_events, wait_group_events   (sensors, reschedule mode)
  -> ingest -> silver
  -> marts_sales_attribution | marts_diversion_fraud | marts_uplift   (in parallel)
  -> export -> report -> alert
```

`alert` (`omnitouch alert --date D`) posts the day's alerts to the WeCom / DingTalk robots of
`OMNITOUCH_ALERT_WEBHOOKS` (and `OMNITOUCH_DINGTALK_SECRET`) in the worker's environment; without
webhooks it only prints the message (`--dry-run`). It runs once everything before it is done
(trigger rule `all_done`: the groups hear of the day even when the report failed), and its failure
never fails the marts or the report, which are written by then; it does fail the Airflow run, so
that the failed post is seen.

Every task calls the real launcher (`<omnitouch_home>/bin/omnitouch run --date D --stages ...`),
or `spark-submit` when the Variable `omnitouch_spark_submit` holds a submit command, with one
run id shared by all tasks of the Airflow run (`airflow-<run_id>`). Tasks are idempotent per
business date: a retry or a rerun restates the same partitions.

Configuration: Airflow Variables, read when a task runs (never when the file is parsed):
`omnitouch_home`, `omnitouch_input`, `omnitouch_warehouse`, `omnitouch_master`,
`omnitouch_spark_submit`, `omnitouch_jar`, `omnitouch_extra_args`, `omnitouch_ready_marker`,
`omnitouch_fs_conn_id`, `omnitouch_dev`, `omnitouch_alert_command`. See airflow-dags/README.md.

Backfill: `airflow backfill create --dag-id omnitouch_nightly --from-date D1 --to-date D2`
(logical dates; each run processes the day before its date).
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.providers.standard.sensors.filesystem import FileSensor
from airflow.sdk import DAG, CronTriggerTimetable

from omnitouch_support import (
    BUSINESS_TZ,
    TEMPLATE_FILTERS,
    TEMPLATE_MACROS,
    on_run_failure,
    on_task_failure,
)

DAG_ID = "omnitouch_nightly"
SCHEDULE_CRON = "0 2 * * *"
START_DATE = pendulum.datetime(2026, 11, 1, tz=BUSINESS_TZ)
SOURCES = ("scans", "orders", "guide_events", "group_events")

#: Mart groups that run in parallel after silver; one launcher call each (stages joined by ",").
#: Together: every launcher mart group once (tests compare with mart_groups.json, the catalog's).
MART_GROUPS = {
    "marts_sales_attribution": ("sales", "customers", "attribution", "conversion", "engagement"),
    "marts_diversion_fraud": ("diversion", "fraud", "channel"),
    "marts_uplift": ("uplift",),
}
STAGE_SEPARATOR = ","

SENSOR_POKE_INTERVAL = timedelta(minutes=10)
SENSOR_TIMEOUT = timedelta(hours=6)
SPARK_TASK_TIMEOUT = timedelta(hours=4)
#: A run still going after this is failed (and alerted): with max_active_runs=1 a hung run would
#: otherwise hold back every following night.
RUN_TIMEOUT = timedelta(hours=20)

DEFAULT_ARGS = {
    "owner": "omnitouch-data",
    "depends_on_past": False,
    "retries": 3,
    "retry_delay": timedelta(minutes=5),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(hours=1),
    "on_failure_callback": on_task_failure,
}

# Templates: rendered when a task runs, so Variables are read then, not at parse time.
HOME = "var.value.get('omnitouch_home', '/opt/omnitouch')"
INPUT = f"var.value.get('omnitouch_input', {HOME} ~ '/sample-data')"
WAREHOUSE = f"var.value.get('omnitouch_warehouse', {HOME} ~ '/warehouse')"

LAUNCH_TEMPLATE = (
    "{%- set submit = var.value.get('omnitouch_spark_submit', '') -%}\n"
    "{%- set master = var.value.get('omnitouch_master', '') -%}\n"
    "set -euo pipefail\n"
    "{% if submit %}{{ submit }} --class io.omnitouch.cli.Omnitouch "
    f"{{{{ var.value.get('omnitouch_jar', {HOME} ~ '/jobs/target/omnitouch.jar') | sh }}}}"
    f"{{% else %}}{{{{ ({HOME} ~ '/bin/omnitouch') | sh }}}}{{% endif %}}"
    " run --date {{ business_date(data_interval_end) }}"
    " --run-id {{ omnitouch_run_id(run_id) | sh }}"
    " --stages @STAGES@"
    f" --input {{{{ {INPUT} | sh }}}}"
    f" --warehouse {{{{ {WAREHOUSE} | sh }}}}"
    "{% if master %} --master {{ master | sh }}{% endif %}"
    " {{ var.value.get('omnitouch_extra_args', '') }}\n"
)

# The marker file a source's upstream writes when its partition is complete; empty = the folder
# (it must exist and hold a file).
READY_PATH_TEMPLATE = (
    f"{{{{ {INPUT} }}}}/@SOURCE@/dt={{{{ business_date(data_interval_end) }}}}/"
    "{{ var.value.get('omnitouch_ready_marker', '_SUCCESS') }}"
)

LAUNCH_ENV = {
    # Test data only: allows the published development PII key. Production workers carry
    # OMNITOUCH_PII_KEY in their environment (inherited: append_env).
    "OMNITOUCH_DEV": "{{ var.value.get('omnitouch_dev', '0') }}",
}


ALERT_TEMPLATE = (
    "{%- set submit = var.value.get('omnitouch_spark_submit', '') -%}\n"
    "set -euo pipefail\n"
    'dry=""; if [ -z "${OMNITOUCH_ALERT_WEBHOOKS:-}" ]; then dry="--dry-run"; fi\n'
    "{% if submit %}{{ submit }} --class io.omnitouch.cli.Omnitouch "
    f"{{{{ var.value.get('omnitouch_jar', {HOME} ~ '/jobs/target/omnitouch.jar') | sh }}}}"
    f"{{% else %}}{{{{ ({HOME} ~ '/bin/omnitouch') | sh }}}}{{% endif %}}"
    " alert --date {{ business_date(data_interval_end) }}"
    f" --warehouse {{{{ {WAREHOUSE} | sh }}}}"
    ' $dry\n'
)



def launch(task_id: str, stages: tuple[str, ...]) -> BashOperator:
    """A task that runs the given stages of the nightly run for the run's business date."""
    return BashOperator(
        task_id=task_id,
        bash_command=LAUNCH_TEMPLATE.replace("@STAGES@", STAGE_SEPARATOR.join(stages)),
        env=LAUNCH_ENV,
        append_env=True,
        cwd="{{ " + HOME + " }}",
        execution_timeout=SPARK_TASK_TIMEOUT,
    )


with DAG(
    dag_id=DAG_ID,
    description="omnitouch nightly: ingest, silver, marts, export, report for yesterday (Asia/Shanghai)",
    doc_md=__doc__,
    schedule=CronTriggerTimetable(SCHEDULE_CRON, timezone=BUSINESS_TZ),
    start_date=START_DATE,
    catchup=True,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    user_defined_macros=TEMPLATE_MACROS,
    user_defined_filters=TEMPLATE_FILTERS,
    dagrun_timeout=RUN_TIMEOUT,
    on_failure_callback=on_run_failure,
    tags=["omnitouch", "nightly", "spark"],
) as dag:
    sensors = [
        FileSensor(
            task_id=f"wait_{source}",
            filepath=READY_PATH_TEMPLATE.replace("@SOURCE@", source),
            fs_conn_id="{{ var.value.get('omnitouch_fs_conn_id', 'fs_default') }}",
            mode="reschedule",
            poke_interval=SENSOR_POKE_INTERVAL,
            timeout=SENSOR_TIMEOUT,
            retries=0,
        )
        for source in SOURCES
    ]
    ingest = launch("ingest", ("ingest",))
    silver = launch("silver", ("silver",))
    marts = [launch(task_id, stages) for task_id, stages in MART_GROUPS.items()]
    export = launch("export", ("export",))
    report = launch("report", ("report",))
    alert = BashOperator(
        task_id="alert",
        bash_command=ALERT_TEMPLATE,
        env=LAUNCH_ENV,
        append_env=True,
        cwd="{{ " + HOME + " }}",
        execution_timeout=SPARK_TASK_TIMEOUT,
        trigger_rule="all_done",
    )

    sensors >> ingest >> silver >> marts >> export >> report >> alert
