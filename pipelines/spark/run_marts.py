"""Runs the Jicai models on Apache Spark over a Parquet lake and writes the marts back as a lake.

A Spark job needing only pyspark, so it can be handed to spark-submit on a cluster as it is:

    spark-submit --master yarn run_marts.py --plan plan.json --lake hdfs:///lake/hy --out hdfs:///marts/hy

The plan (written by `jicai spark-marts`, see pipelines/spark/plan.ts) holds the lake's tables as its manifest
lists them, every model as Spark SQL in dependency order, and the column types of each mart. The job registers
each table over exactly the files listed (never a folder glob) and checks its row count, runs staging models
as views and the rest as cached tables, and writes each mart as one ZSTD Parquet file with the lake's column
types, then a manifest.json like the lake's. The output appears under --out only when everything succeeded.
Progress and the result go to stdout as JSON lines; failures as {"error": "<Chinese line>"}.
"""

import argparse
import datetime
import json
import os
import re
import sys
import time
import traceback


def emit(**event):
    print(json.dumps(event, ensure_ascii=False), flush=True)


class JobError(Exception):
    """A failure to report to the user as one Chinese line."""


def spark_type(duckdb_type):
    simple = {"VARCHAR": "string", "INTEGER": "int", "BIGINT": "bigint", "SMALLINT": "smallint",
              "DOUBLE": "double", "FLOAT": "float", "BOOLEAN": "boolean", "DATE": "date",
              # DuckDB's TIMESTAMP has no time zone (alert_history.recorded_at), as Spark's TIMESTAMP_NTZ
              "TIMESTAMP": "timestamp_ntz", "TIMESTAMP WITH TIME ZONE": "timestamp", "TIMESTAMPTZ": "timestamp"}
    upper = duckdb_type.upper()
    if upper in simple:
        return simple[upper]
    if upper.startswith("DECIMAL("):
        return upper.lower()
    raise JobError(f"数据湖清单中的列类型 {duckdb_type} 无法在 Spark 中使用")


def ddl(columns):
    return ", ".join(f"`{c['name']}` {spark_type(c['type'])}" for c in columns)


def join_path(root, relative):
    return f"{root.rstrip('/')}/{relative}"


def register_tables(spark, plan, lake):
    for table in plan["tables"]:
        schema = ddl(table["columns"])
        files = [join_path(lake, f) for f in table["files"]]
        frame = spark.read.schema(schema).parquet(*files) if files else spark.createDataFrame([], schema)
        frame.createOrReplaceTempView(table["name"])
        rows = frame.count()
        if rows != table["rows"]:
            raise JobError(f"数据湖表 {table['name']} 读出 {rows} 行，清单记录 {table['rows']} 行；请重新导出数据湖")
    # Spark rebuilds every model from all loads: the incremental models' pending loads are every load of the
    # tables they read load by load
    loads = " union ".join(f"select load_id from {table}" for table in plan["pending_loads_from"]) or (
        "select cast(null as bigint) as load_id where false")
    spark.sql(loads).createOrReplaceTempView(plan["pending_loads_table"])


def materialize(spark, name, sql):
    """Computes a query once and registers the result under `name`. A local checkpoint keeps the rows in the
    executors and forgets how they were computed, so models reading this one plan against a plain relation
    (re-planning every upstream model's SQL inside each later model blows up Spark's analyzer)."""
    frame = spark.sql(sql).localCheckpoint(eager=True)
    frame.createOrReplaceTempView(name)
    return frame


def run_model(spark, model):
    """Materializes the model's shared CTEs (steps), then the model; returns its row count."""
    for step in model.get("steps", []):
        materialize(spark, step["name"], step["sql"])
    rows = materialize(spark, model["name"], model["spark_sql"]).count()
    for step in model.get("steps", []):
        spark.catalog.dropTempView(step["name"])
    return rows


def run_models(spark, plan):
    """Every model in order, each materialized once built: staging views too, whose parsing expressions would
    otherwise be planned and computed again inside every model that reads them."""
    runs = []
    for model in plan["models"]:
        started = time.time()
        try:
            rows = run_model(spark, model)
        except Exception as error:  # noqa: BLE001 - the full text goes to the log, the user gets one line
            traceback.print_exc(file=sys.stderr)
            kind = getattr(error, "getCondition", lambda: None)() or type(error).__name__
            raise JobError(f"模型 {model['layer']}/{model['name']}.sql 在 Spark 上运行失败（{kind}），详情见日志") from error
        run = {"name": model["name"], "rows": rows, "ms": round((time.time() - started) * 1000)}
        runs.append(run)
        emit(model=run)
    return runs


def mart_frame(spark, mart):
    """The mart's columns in the lake's order, cast to the lake's types (ANSI mode: an overflow fails)."""
    frame = spark.table(mart["name"])
    if not mart["columns"]:
        return frame
    actual = [f.name for f in frame.schema.fields]
    expected = [c["name"] for c in mart["columns"]]
    if sorted(actual) != sorted(expected):
        raise JobError(f"数据集市 {mart['name']} 在 Spark 上的列与数据湖清单不符：{', '.join(actual)}")
    return frame.selectExpr(*[f"cast(`{c['name']}` as {spark_type(c['type'])}) as `{c['name']}`" for c in mart["columns"]])


def hadoop_fs(spark, path):
    jvm = spark.sparkContext._jvm
    hadoop_path = jvm.org.apache.hadoop.fs.Path(path)
    return hadoop_path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration()), hadoop_path, jvm


def write_marts(spark, plan, out, overwrite):
    fs, target, jvm = hadoop_fs(spark, out)
    if fs.exists(target) and fs.listStatus(target):
        has_manifest = fs.exists(jvm.org.apache.hadoop.fs.Path(join_path(out, "manifest.json")))
        if not has_manifest:
            raise JobError(f"{out} 已存在且不是数据集市输出（没有 manifest.json），不会覆盖")
        if not overwrite:
            raise JobError(f"{out} 已有数据集市输出；加 --overwrite 替换")
    partial = f"{out.rstrip('/')}.partial-{int(time.time() * 1000)}"
    partial_path = jvm.org.apache.hadoop.fs.Path(partial)
    tables = []
    try:
        for mart in plan["marts"]:
            frame = mart_frame(spark, mart)
            frame.coalesce(1).write.option("compression", "zstd").parquet(join_path(partial, f"marts/{mart['name']}"))
        files = (
            spark.read.format("binaryFile").option("pathGlobFilter", "*.parquet").option("recursiveFileLookup", "true")
            .load(join_path(partial, "marts"))
            .selectExpr("path", "length", "sha2(content, 256) as sha256")
            .collect()
        )
        for mart in plan["marts"]:
            folder = f"marts/{mart['name']}"
            frame = spark.read.parquet(join_path(partial, folder))
            counts = {r["file"]: r["n"] for r in frame.groupBy("_metadata.file_path").count()
                      .withColumnRenamed("file_path", "file").withColumnRenamed("count", "n").collect()}
            listed = []
            for f in sorted((f for f in files if f"/{folder}/" in f["path"]), key=lambda f: f["path"]):
                name = f["path"].rsplit("/", 1)[1]
                listed.append({"path": f"{folder}/{name}", "bytes": f["length"],
                               "rows": next((n for p, n in counts.items() if p.endswith(f"/{folder}/{name}")), 0),
                               "sha256": f["sha256"]})
            columns = mart["columns"] or [{"name": f.name, "type": f.dataType.simpleString().upper()}
                                          for f in frame.schema.fields]
            tables.append({"name": mart["name"], "layer": "marts", "path": folder, "partitioned_by": [],
                           "rows": sum(f["rows"] for f in listed), "columns": columns, "files": listed})
        manifest = {
            "format": "jicai-lake",
            "version": 2,
            "created_at": datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
            "spark_version": spark.version,
            "compression": "zstd",
            "tables": tables,
        }
        stream = fs.create(jvm.org.apache.hadoop.fs.Path(join_path(partial, "manifest.json")))
        stream.write(bytearray(json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"))
        stream.close()
        # Spark leaves _SUCCESS and .crc files beside the data; the lake holds only what the manifest lists
        remove_side_files(fs, partial_path, jvm)
        if fs.exists(target):
            fs.delete(target, True)
        if not fs.rename(partial_path, target):
            raise JobError(f"无法把输出移到 {out}")
        return tables
    finally:
        if fs.exists(partial_path):
            fs.delete(partial_path, True)


def remove_side_files(fs, root, jvm):
    files = fs.listFiles(root, True)
    doomed = []
    while files.hasNext():
        path = files.next().getPath()
        name = path.getName()
        if name == "_SUCCESS" or name.endswith(".crc"):
            doomed.append(path)
    for path in doomed:
        fs.delete(path, False)


def local_core_count(master):
    """Cores of a local master (local, local[4], local[*], local-cluster[2,1,1024]); None for a cluster."""
    if not master or not master.startswith("local"):
        return None
    cluster = re.match(r"local-cluster\[(\d+),\s*(\d+),", master)
    if cluster:
        return int(cluster.group(1)) * int(cluster.group(2))
    threads = re.match(r"local\[(\d+)", master)
    return int(threads.group(1)) if threads else os.cpu_count() or 1


def main():
    parser = argparse.ArgumentParser(description="Run the Jicai models on Spark over a Parquet lake")
    parser.add_argument("--plan", required=True)
    parser.add_argument("--lake", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--master")
    parser.add_argument("--overwrite", action="store_true")
    parser.add_argument("--conf", action="append", default=[], help="extra Spark setting key=value")
    args = parser.parse_args()
    with open(args.plan, encoding="utf-8") as f:
        plan = json.load(f)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("jicai-marts")
    if args.master:
        builder = builder.master(args.master)
    settings = {
        "spark.ui.enabled": "false",
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.ansi.enabled": "true",
        "spark.sql.decimalOperations.allowPrecisionLoss": "true",
        "spark.sql.parquet.compression.codec": "zstd",
        # Constraint propagation fails on a union of one relation with itself (UnionBase.rewriteConstraints:
        # "key not found", nrdl_monitor) and is slow on the models' wide plans; it only adds inferred filters.
        "spark.sql.constraintPropagation.enabled": "false",
    }
    local_cores = local_core_count(args.master)
    if local_cores:
        # Spark's default of 200 shuffle partitions is sized for a cluster; on one machine each stage would run
        # 200 tiny tasks. Two per core keeps every core busy.
        settings["spark.sql.shuffle.partitions"] = str(2 * local_cores)
    settings.update(dict(c.split("=", 1) for c in args.conf))
    for key, value in settings.items():
        builder = builder.config(key, value)
    started = time.time()
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        emit(started={"spark_version": spark.version, "master": spark.sparkContext.master})
        register_tables(spark, plan, args.lake)
        runs = run_models(spark, plan)
        tables = write_marts(spark, plan, args.out, args.overwrite)
        emit(done={"models": runs, "marts": [{"name": t["name"], "rows": t["rows"]} for t in tables],
                   "ms": round((time.time() - started) * 1000), "spark_version": spark.version})
    except JobError as error:
        emit(error=str(error))
        sys.exit(1)
    except Exception as error:  # noqa: BLE001
        traceback.print_exc(file=sys.stderr)
        kind = getattr(error, "getCondition", lambda: None)() or type(error).__name__
        emit(error=f"Spark 作业失败（{kind}），详情见日志")
        sys.exit(1)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
