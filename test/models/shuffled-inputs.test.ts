import {mkdirSync, readFileSync, readdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {DuckDBInstance} from "@duckdb/node-api";
import {beforeAll, describe, expect, it} from "vitest";
import {modelsProject} from "../../pipelines/models/project.js";
import {discoverModels} from "../../pipelines/runner/models.js";
import {jicai} from "../helpers/cli.js";
import {shuffleInputs} from "../helpers/shuffle-inputs.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-shuffle-");

/** Every table the models build (intermediate and marts) and the stored check results. */
const tables = [
  ...discoverModels(modelsProject)
    .filter((m) => m.materialized !== "view")
    .map((m) => m.name),
  "check_results"
];

/**
 * Row count and an order-free digest of every row (the sum of row hashes) of each table. DOUBLE columns are
 * rounded to 6 places first: parallel aggregation may add floats in another order. When a check ran and the
 * fingerprint of its inputs (which digests source_row, the row's place in its file) are left out.
 */
async function digests(db: string): Promise<Record<string, string>> {
  const instance = await DuckDBInstance.create(db, {access_mode: "READ_ONLY"});
  const conn = await instance.connect();
  try {
    const out: Record<string, string> = {};
    for (const table of tables) {
      const columns = (await conn.runAndReadAll(`describe ${table}`))
        .getRowObjectsJS()
        .filter((c) => !(table === "check_results" && ["run_at", "fingerprint"].includes(String(c.column_name))))
        .map((c) => (c.column_type === "DOUBLE" ? `round("${c.column_name}", 6)` : `"${c.column_name}"`));
      const reader = await conn.runAndReadAll(
        `select count(*) || ':' || coalesce(sum(hash(${columns.join(", ")})::hugeint), 0) from ${table}`
      );
      out[table] = String(reader.getRows()[0]![0]);
    }
    return out;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

function load(inbox: string, db: string): void {
  const result = jicai(["load", inbox, "--db", db]);
  expect(result.status, result.stderr).toBe(0);
}

describe("results do not depend on the order of rows in a file", () => {
  const inbox = join(dir, "inbox");
  const shuffled = join(dir, "shuffled");
  let original: Record<string, string>;
  let permuted: Record<string, string>;
  let shuffledRows: Map<string, number>;

  beforeAll(async () => {
    const sample = jicai(["sample", "--scale", "0.05", "--out", inbox]);
    expect(sample.status, sample.stderr).toBe(0);
    // Rows that tie unless every ranking has a total order: two negotiated-drug entries of one name, form and
    // year for other strengths than a listing's, which give it different limits (as in product-matches.test.ts).
    writeFileSync(
      join(inbox, "国谈药品目录（补充）.csv"),
      "目录年份,药品名称,剂型,医保支付标准,支付标准对应规格,协议开始日期,协议到期日\n" +
        "2024,瑞舒伐他汀,片剂,12,20mg,2024-01-01,2030-12-31\n2024,瑞舒伐他汀,片剂,16,40mg,2024-01-01,2030-12-31\n"
    );
    writeFileSync(
      join(inbox, "挂网价格（补充）.csv"),
      "省份,通用名,剂型,规格,包装,转换比,生产企业,挂网价格\n江川省,瑞舒伐他汀,片剂,10mg,10片/盒,10,甲药业,60\n"
    );
    mkdirSync(shuffled);
    shuffledRows = await shuffleInputs(inbox, shuffled, 20261202);
    load(inbox, join(dir, "original.duckdb"));
    load(shuffled, join(dir, "shuffled.duckdb"));
    original = await digests(join(dir, "original.duckdb"));
    permuted = await digests(join(dir, "shuffled.duckdb"));
  }, 600_000);

  it("shuffles the rows of every input file", () => {
    const files = readdirSync(inbox);
    expect(files.length).toBeGreaterThan(20);
    expect([...shuffledRows.keys()].sort()).toEqual(files.sort());
    for (const file of files) {
      // a file of one data row (the pharmacies) cannot be reordered
      const rows = shuffledRows.get(file)!;
      expect(rows, file).toBeGreaterThan(0);
      if (rows > 1)
        expect(readFileSync(join(shuffled, file)).equals(readFileSync(join(inbox, file))), file).toBe(false);
    }
  });

  it("builds every intermediate table, mart and check result the same from the shuffled files", () => {
    expect(Object.keys(original).length).toBeGreaterThan(20);
    for (const table of tables) expect(permuted[table], table).toBe(original[table]);
  });
});
