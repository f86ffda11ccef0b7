"""Runs one Spark SQL query over a table of text rows in Spark local mode, for tests that compare a translated
expression with DuckDB's result.

Reads {"columns": [name, ...], "rows": [[value, ...], ...], "sql": query} as JSON on stdin; the rows are the
string view `texts`. Writes the query's rows as a JSON list of objects to stdout. The session has the settings
of pipelines/spark/run_marts.py that change results (ANSI mode, UTC, decimal precision loss).
"""

import json
import sys

from pyspark.sql import SparkSession


def main():
    request = json.load(sys.stdin)
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("jicai-test-sql")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.decimalOperations.allowPrecisionLoss", "true")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    try:
        schema = ", ".join(f"`{c}` string" for c in request["columns"])
        spark.createDataFrame(request["rows"], schema).createOrReplaceTempView("texts")
        rows = [row.asDict(recursive=True) for row in spark.sql(request["sql"]).collect()]
        json.dump(rows, sys.stdout, ensure_ascii=False, default=str)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
