"""Set-up shared by the analyst notebooks: where the warehouse is, a Spark session that reads the
Delta marts, DuckDB over the plain-Parquet exports, and matplotlib defaults that render Chinese.

No business logic lives here (or in the notebooks): every number comes from the marts that the
jobs build; definitions are in the mart dictionary (docs/marts.md) and schemas/marts/*.json.
"""

import os
import pathlib
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent

#: The warehouse root: OMNITOUCH_WAREHOUSE (a local folder, hdfs://... or s3a://...), else ./warehouse
WAREHOUSE = os.environ.get("OMNITOUCH_WAREHOUSE", str(REPO / "warehouse"))

#: Spark master: OMNITOUCH_MASTER (spark://host:7077, yarn, ...), else an embedded local Spark.
MASTER = os.environ.get("OMNITOUCH_MASTER", "local[2]")

_spark = None


def spark():
    """The notebook's SparkSession with Delta Lake, in the business time zone (Asia/Shanghai)."""
    global _spark
    if _spark is None:
        from delta import configure_spark_with_delta_pip
        from pyspark.sql import SparkSession

        builder = (
            SparkSession.builder.appName("omnitouch-notebook")
            .master(MASTER)
            .config("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
            .config(
                "spark.sql.catalog.spark_catalog",
                "org.apache.spark.sql.delta.catalog.DeltaCatalog",
            )
            .config("spark.sql.session.timeZone", "Asia/Shanghai")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.memory", os.environ.get("OMNITOUCH_DRIVER_MEMORY", "2g"))
        )
        # Adds io.delta:delta-spark_2.12 of the installed delta-spark (3.3.2) to spark.jars.packages;
        # Ivy finds it in ~/.m2 when the jobs were built here, else downloads it once.
        # The JVM's own console output (Ivy resolution, start-up warnings) goes to a log file
        # rather than into the notebook: it inherits the descriptors it is started with.
        log_path = os.path.join(tempfile.gettempdir(), "omnitouch-notebook-spark.log")
        sys.stdout.flush()
        sys.stderr.flush()
        saved = (os.dup(1), os.dup(2))
        with open(log_path, "ab") as log:
            os.dup2(log.fileno(), 1)
            os.dup2(log.fileno(), 2)
            try:
                _spark = configure_spark_with_delta_pip(builder).getOrCreate()
            finally:
                os.dup2(saved[0], 1)
                os.dup2(saved[1], 2)
                os.close(saved[0])
                os.close(saved[1])
        _spark.sparkContext.setLogLevel("ERROR")
    return _spark


def mart(name):
    """A gold mart as a Spark DataFrame (Delta), e.g. mart("sales_daily")."""
    return spark().read.format("delta").load(f"{WAREHOUSE}/gold/{name}")


def mart_or_none(name):
    """A gold mart as a Spark DataFrame, or None when the warehouse has no such table (e.g. one
    built before the mart existed)."""
    from pyspark.errors import AnalysisException

    try:
        df = mart(name)
        df.schema  # resolves the Delta log: a missing table fails here
        return df
    except AnalysisException:
        return None


def thresholds():
    """The thresholds in force at the latest run, as written to run_metrics (stage config) by the
    jobs: e.g. {"alert.campaign_flagged_share": 0.2, ...}; empty when no run recorded them."""
    from pyspark.sql import functions as F

    metrics = mart_or_none("run_metrics")
    if metrics is None:
        return {}
    row = (metrics.filter(F.col("stage") == "config").orderBy(F.desc("finished_at"))
           .select("message").first())
    if row is None or not row.message or ": " not in row.message:
        return {}
    values = {}
    for item in row.message.split(": ", 1)[1].split():
        key, _, value = item.partition("=")
        for parse in (int, float, str):
            try:
                values[key] = parse(value)
                break
            except ValueError:
                continue
    return values


def silver(name):
    """A silver table or reference dimension, e.g. silver("stores"), silver("scans")."""
    return spark().read.format("delta").load(f"{WAREHOUSE}/silver/{name}")


def register(*names):
    """Registers gold marts as temporary views for spark().sql(...), like `omnitouch sql`."""
    for n in names:
        mart(n).createOrReplaceTempView(n)


def duck():
    """A DuckDB connection with a view per exported mart over its plain Parquet files."""
    import duckdb

    con = duckdb.connect()
    exports = pathlib.Path(WAREHOUSE) / "exports"
    if exports.is_dir():
        # Skip the exporter's staging area (_staging) and marts with no file yet.
        marts = [p for p in exports.iterdir() if p.is_dir() and not p.name.startswith("_")]
        for d in sorted(m for m in marts if any(m.rglob("*.parquet"))):
            partitioned = any(c.name.startswith("dt=") for c in d.iterdir())
            files = f"{d}/*/*.parquet" if partitioned else f"{d}/*.parquet"
            con.execute(
                f"CREATE VIEW {d.name} AS SELECT * FROM read_parquet('{files}',"
                f" hive_partitioning = {str(partitioned).lower()})"
            )
    return con


def plots():
    """matplotlib defaults: a CJK font when one is installed, readable sizes."""
    import matplotlib
    from matplotlib import font_manager

    matplotlib.rcParams.update(
        {"figure.figsize": (10, 4), "figure.dpi": 90, "axes.grid": True, "grid.alpha": 0.3,
         "axes.spines.top": False, "axes.spines.right": False}
    )
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei"]:
        if family in installed:
            matplotlib.rcParams["font.sans-serif"] = [family, "DejaVu Sans"]
            break
    matplotlib.rcParams["axes.unicode_minus"] = False
