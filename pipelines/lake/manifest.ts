import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {z} from "zod";
import {sha256File} from "../load/file-hash.js";

export const manifestFile = "manifest.json";

const column = z.object({
  name: z.string().min(1),
  /** DuckDB type name, e.g. DECIMAL(18,6), DATE, VARCHAR. */
  type: z.string().min(1),
  /** Chinese label (marts only). */
  label: z.string().optional()
});

/** A Hive partition column: in the directory names only, derived from a column kept in the files. */
const partitionColumn = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
  type: z.string().min(1),
  expression: z.string().min(1)
});

const lakeFile = z.object({
  /** Relative to the lake folder, always with forward slashes. */
  path: z.string().regex(/^(?!\/)(?!.*\.\.)[^\\]+\.parquet$/),
  bytes: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/)
});

const lakeTable = z
  .object({
    name: z.string().regex(/^[a-z_][a-z0-9_]*$/),
    layer: z.enum(["raw", "parameters", "marts"]),
    /** The table's folder, relative to the lake: one folder per table, as Spark and Trino expect. */
    path: z.string().min(1),
    partitioned_by: z.array(partitionColumn),
    rows: z.number().int().nonnegative(),
    columns: z.array(column).min(1),
    /** A partitioned table with no rows has no files. */
    files: z.array(lakeFile)
  })
  .refine((t) => t.files.reduce((s, f) => s + f.rows, 0) === t.rows, {message: "rows ≠ the sum of its files' rows"})
  .refine((t) => t.files.every((f) => f.path.startsWith(`${t.path}/`)), {
    message: "a file lies outside its table's folder"
  });

export const lakeManifestSchema = z
  .object({
    format: z.literal("jicai-lake"),
    version: z.literal(2),
    created_at: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
    /** The engine that wrote the files: DuckDB for `jicai export-lake`, Spark for `jicai spark-marts`. */
    duckdb_version: z.string().optional(),
    spark_version: z.string().optional(),
    compression: z.literal("zstd"),
    tables: z.array(lakeTable).min(1)
  })
  .refine((m) => m.duckdb_version !== undefined || m.spark_version !== undefined, {
    message: "names no engine (duckdb_version or spark_version)"
  });

export type LakeManifest = z.infer<typeof lakeManifestSchema>;
export type LakeTable = LakeManifest["tables"][number];
export type LakeFile = LakeTable["files"][number];
export type PartitionColumn = LakeTable["partitioned_by"][number];

/** Reads and validates `<dir>/manifest.json`; a wrong shape is refused naming the field. */
export function readLakeManifest(dir: string): LakeManifest {
  const path = join(dir, manifestFile);
  if (!existsSync(path)) throw new Error(`${dir} 不是数据湖：缺少 ${manifestFile}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`${path} 不是有效的 JSON：${(error as Error).message}`);
  }
  const parsed = lakeManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path} 格式不符：${issue.path.join(".") || "(根)"}：${issue.message}`);
  }
  return parsed.data;
}

/** Files that are missing or whose bytes differ from the manifest (an empty list: the lake is intact). */
export async function verifyLake(dir: string, manifest: LakeManifest): Promise<string[]> {
  const problems: string[] = [];
  for (const table of manifest.tables) {
    for (const file of table.files) {
      const path = join(dir, file.path);
      if (!existsSync(path)) problems.push(`${file.path}：文件缺失`);
      else if ((await sha256File(path)) !== file.sha256) problems.push(`${file.path}：内容与清单中的 sha256 不符`);
    }
  }
  return problems;
}
