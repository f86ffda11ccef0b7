import {mkdtempSync, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {sqlFilePath} from "../../warehouse/sql.js";
import {csvLine, TextFileWriter} from "./text-file.js";

/**
 * Writes rows to a Parquet file through DuckDB: rows go to a temporary UTF-8 CSV, then one
 * `COPY (select … from read_csv(…)) TO … (FORMAT parquet)` types them. One thread keeps the bytes stable.
 */
export async function writeParquet(
  path: string,
  columns: {name: string; type: string}[],
  rows: (string | number | null)[][]
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "jicai-sample-"));
  const csv = join(dir, "rows.csv");
  try {
    const writer = new TextFileWriter(csv, "utf8");
    writer.line(csvLine(columns.map((c) => c.name)));
    for (const row of rows) writer.line(csvLine(row));
    writer.close();
    const instance = await DuckDBInstance.create(":memory:", {threads: "1"});
    const conn = await instance.connect();
    try {
      const types = columns.map((c) => `${quote(c.name)}: '${c.type}'`).join(", ");
      await conn.run(
        `copy (select * from read_csv(${sqlFilePath(csv)}, header = true, columns = {${types}})) to ${literal(path)} (format parquet, compression zstd)`
      );
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
  return statSync(path).size;
}

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
