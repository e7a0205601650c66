"""
# omnitouch weekly maintenance

Sundays 04:00 Asia/Shanghai (outside the nightly window): `omnitouch maintain` compacts and
vacuums the warehouse's Delta tables. Same Variables as `omnitouch_nightly`
(`omnitouch_home`, `omnitouch_warehouse`, `omnitouch_master`, `omnitouch_extra_args`).
No catchup: maintenance of past weeks has no value.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.standard.operators.bash import BashOperator
from airflow.sdk import DAG, CronTriggerTimetable

from omnitouch_support import BUSINESS_TZ, TEMPLATE_FILTERS, on_task_failure

HOME = "var.value.get('omnitouch_home', '/opt/omnitouch')"

with DAG(
    dag_id="omnitouch_maintenance",
    description="omnitouch weekly maintenance: compact and vacuum the Delta warehouse",
    doc_md=__doc__,
    schedule=CronTriggerTimetable("0 4 * * 0", timezone=BUSINESS_TZ),
    start_date=pendulum.datetime(2026, 11, 1, tz=BUSINESS_TZ),
    catchup=False,
    max_active_runs=1,
    user_defined_filters=TEMPLATE_FILTERS,
    default_args={
        "owner": "omnitouch-data",
        "retries": 2,
        "retry_delay": timedelta(minutes=15),
        "retry_exponential_backoff": 2.0,
        "on_failure_callback": on_task_failure,
    },
    tags=["omnitouch", "maintenance", "spark"],
) as dag:
    BashOperator(
        task_id="maintain",
        bash_command=(
            "{%- set master = var.value.get('omnitouch_master', '') -%}\n"
            "set -euo pipefail\n"
            f"{{{{ ({HOME} ~ '/bin/omnitouch') | sh }}}} maintain"
            f" --warehouse {{{{ var.value.get('omnitouch_warehouse', {HOME} ~ '/warehouse') | sh }}}}"
            "{% if master %} --master {{ master | sh }}{% endif %}"
            " {{ var.value.get('omnitouch_extra_args', '') }}\n"
        ),
        append_env=True,
        cwd="{{ " + HOME + " }}",
        execution_timeout=timedelta(hours=6),
    )
