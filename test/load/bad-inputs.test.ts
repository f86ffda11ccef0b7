import {mkdirSync, readdirSync, readFileSync, statSync} from "node:fs";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {z} from "zod";
import {contracts} from "../../pipelines/sources/index.js";
import {openWarehouse, type Warehouse} from "../../pipelines/warehouse/open.js";
import * as fixtures from "../fixtures/bad/make-fixtures.js";
import {jicai, type CliResult} from "../helpers/cli.js";
import {expectCleanMessage} from "../helpers/messages.js";
import {tempDir} from "../helpers/temp.js";

/**
 * The bad-input corpus (test/fixtures/bad): every file goes through the real `jicai load --json` in one run,
 * and each must end exactly as manifest.json says — refused with a Chinese message naming the file, the
 * sheet and what is wrong, or loaded with exact row accounting, every rejected cell and what was stored.
 */

const corpusDir = fileURLToPath(new URL("../fixtures/bad/", import.meta.url));

const SheetLine = z.strictObject({
  sheet: z.string().nullable(),
  status: z.enum(["loaded", "skipped"]),
  source: z.string().nullable(),
  rows_read: z.number().int().nonnegative(),
  rows_loaded: z.number().int().nonnegative(),
  rows_rejected: z.number().int().nonnegative(),
  /** Fragments the sheet's load line must hold (what it says about how the sheet was read). */
  message: z.array(z.string().min(1)).optional()
});
const Reject = z.strictObject({
  row: z.number().int().positive(),
  column: z.string(),
  value: z.string().nullable(),
  reason: z.string().min(1)
});
const Stored = z.strictObject({sql: z.string().includes("$1"), rows: z.array(z.record(z.string(), z.unknown()))});
const common = {
  file: z.string().min(1),
  what: z.string().min(1),
  bug: z.string().optional(),
  make: z.string().optional(),
  via: z.string().optional()
};
const Case = z.discriminatedUnion("status", [
  z.strictObject({
    ...common,
    status: z.literal("failed"),
    sheet: z.string().nullable(),
    message: z.array(z.string().min(1)).min(1)
  }),
  z.strictObject({
    ...common,
    status: z.literal("skipped"),
    message: z.array(z.string().min(1)).min(1)
  }),
  z.strictObject({
    ...common,
    status: z.literal("loaded"),
    sheets: z.array(SheetLine).min(1),
    rejects: z.array(Reject),
    stored: Stored.optional()
  })
]);
type Case = z.infer<typeof Case>;
const Manifest = z.strictObject({
  about: z.string(),
  cases: z.array(Case.refine((c) => !c.make && !c.via, "committed files are not made at test time")),
  generated: z.array(
    Case.refine((c) => c.make && c.make in makers, "a generated file names its helper in make-fixtures.ts")
  )
});

const makers: Record<string, (path: string) => void | Promise<void>> = {
  millionEmptyRowsCsv: (path) => fixtures.millionEmptyRowsCsv(path),
  millionEmptyRowsXlsx: (path) => fixtures.millionEmptyRowsXlsx(path),
  hugeCellCsv: (path) => fixtures.hugeCellCsv(path),
  threeMegabyteLineCsv: fixtures.threeMegabyteLineCsv,
  oddlyNamedHospitalsCsv: fixtures.oddlyNamedHospitalsCsv,
  globNamedCsv: fixtures.globNamedCsv,
  globNamedParquet: fixtures.globNamedParquet,
  sixThousandHospitalsXlsx: (path) => fixtures.sixThousandHospitalsXlsx(path),
  namedPipe: fixtures.namedPipe,
  symlinkLoop: fixtures.symlinkLoop,
  danglingSymlink: fixtures.danglingSymlink
};

const manifest = Manifest.parse(JSON.parse(readFileSync(join(corpusDir, "manifest.json"), "utf8")));

const LoadLine = z.looseObject({
  file: z.string(),
  sheet: z.string().nullable(),
  source: z.string().nullable(),
  rows_read: z.number(),
  rows_loaded: z.number(),
  rows_rejected: z.number(),
  load_id: z.number().nullable(),
  status: z.enum(["loaded", "unchanged", "failed", "skipped"]),
  message: z.string().optional()
});
type LoadLine = z.infer<typeof LoadLine>;

describe("the bad-input corpus through jicai load --json", () => {
  const dir = tempDir("jicai-bad-");
  const db = join(dir, "corpus.duckdb");
  const inbox = join(dir, "inbox");
  const pathOf = new Map<Case, string>();
  let cli: CliResult;
  let lines: LoadLine[];
  let warehouse: Warehouse;

  beforeAll(async () => {
    mkdirSync(join(inbox, "sub"), {recursive: true});
    for (const c of manifest.cases) pathOf.set(c, join(corpusDir, c.file));
    for (const c of manifest.generated) {
      await makers[c.make!]!(join(inbox, c.file));
      pathOf.set(c, `${inbox}/${c.via ?? ""}${c.file}`);
    }
    cli = jicai(["load", ...pathOf.values(), "--db", db, "--json"]);
    lines = cli.stdout
      .trim()
      .split("\n")
      .map((line) => LoadLine.parse(JSON.parse(line)));
    warehouse = await openWarehouse(db, {readOnly: true});
  });
  afterAll(() => warehouse?.close());

  const query = async (sql: string, params: string[] = []) =>
    (await warehouse.conn.runAndReadAll(sql, params)).getRowObjectsJson();

  it("is what make-fixtures.ts writes: small committed files, every one in the manifest, at least 30 cases", () => {
    const committed = readdirSync(corpusDir)
      .filter((name) => !name.endsWith(".ts") && name !== "manifest.json")
      .sort();
    expect(committed).toEqual(manifest.cases.map((c) => c.file).sort());
    expect(Object.keys(fixtures.corpus).sort()).toEqual(committed);
    let total = 0;
    for (const name of committed) {
      const bytes = readFileSync(join(corpusDir, name));
      expect(bytes.equals(fixtures.corpus[name]!()), `${name} differs from make-fixtures.ts`).toBe(true);
      expect(bytes.length, name).toBeLessThan(8 * 1024);
      total += statSync(join(corpusDir, name)).size;
    }
    expect(total).toBeLessThan(1024 * 1024);
    expect(manifest.cases.length + manifest.generated.length).toBeGreaterThanOrEqual(30);
  });

  it("exits 1 with a one-line reason on stderr and no stack trace", () => {
    expect(cli.status).toBe(1);
    const last = cli.stderr.trim().split("\n").at(-1)!;
    expect(last).toMatch(/^jicai load: \d+ 个文件载入失败：/);
    expect(cli.stderr).not.toMatch(/\n\s+at |Stack Trace/);
    expect(lines.length).toBeGreaterThanOrEqual(manifest.cases.length + manifest.generated.length);
  });

  const check = async (c: Case) => {
    const file = resolve(pathOf.get(c)!);
    const mine = lines.filter((l) => l.file === file);
    if (c.status === "skipped") {
      // Not a file to read (a pipe, a broken link): passed over with its reason, and nothing recorded.
      expect(mine.map((l) => [l.status, l.sheet, l.load_id])).toEqual([["skipped", null, null]]);
      expectCleanMessage(mine[0]!.message);
      for (const fragment of c.message) expect(mine[0]!.message).toContain(fragment);
      expect(await query("select count(*)::integer as n from load_log where file = $1", [file])).toEqual([{n: 0}]);
      return;
    }
    if (c.status === "failed") {
      expect(mine.map((l) => [l.status, l.sheet])).toEqual([["failed", c.sheet]]);
      expectCleanMessage(mine[0]!.message);
      for (const fragment of c.message) expect(mine[0]!.message).toContain(fragment);
      expect(await query("select count(*)::integer as n from rejects where file = $1", [file])).toEqual([{n: 0}]);
      return;
    }
    expect(
      mine.map(({sheet, status, source, rows_read, rows_loaded, rows_rejected}) => ({
        sheet,
        status,
        source,
        rows_read,
        rows_loaded,
        rows_rejected
      }))
    ).toEqual(c.sheets.map(({message: _, ...line}) => line));
    c.sheets.forEach((line, i) => {
      for (const fragment of line.message ?? []) expect(mine[i]!.message).toContain(fragment);
    });
    for (const line of mine.filter((l) => l.status === "loaded")) {
      expect(line.rows_read).toBe(line.rows_loaded + line.rows_rejected);
      const table = contracts.find((k) => k.kind === line.source)!.table;
      expect(await query(`select count(*)::integer as n from ${table} where load_id = ${line.load_id}`)).toEqual([
        {n: line.rows_loaded}
      ]);
    }
    for (const line of mine.filter((l) => l.status === "skipped")) expectCleanMessage(line.message);
    const rejects = await query(
      "select source_row as row, column_name as column, value, reason from rejects where file = $1 order by source_row, column_name",
      [file]
    );
    const byRowColumn = (a: z.infer<typeof Reject>, b: z.infer<typeof Reject>) =>
      a.row - b.row || a.column.localeCompare(b.column);
    expect(rejects).toEqual([...c.rejects].sort(byRowColumn));
    if (c.stored) expect(await query(c.stored.sql, [file])).toEqual(c.stored.rows);
  };

  for (const c of [...manifest.cases, ...manifest.generated]) {
    const title = `${c.file}: ${c.what} → ${c.status}`;
    if (c.bug) it(`BUG to fix in the lead's file — ${c.bug} — ${title}`, () => check(c));
    else it(title, () => check(c));
  }

  it("accounts for every row it read, and tallies the outcomes", async () => {
    const loaded = lines.filter((l) => l.status === "loaded");
    const read = loaded.reduce((s, l) => s + l.rows_read, 0);
    const rejected = loaded.reduce((s, l) => s + l.rows_rejected, 0);
    expect(read).toBe(loaded.reduce((s, l) => s + l.rows_loaded, 0) + rejected);
    const reasons = await query(
      "select reason, count(distinct (file, source_row))::integer as rows from rejects group by reason order by rows desc, reason"
    );
    console.log(
      `bad-input corpus: ${manifest.cases.length + manifest.generated.length} files (${manifest.generated.length} made at test time); ` +
        `${lines.filter((l) => l.status === "failed").length} refused, ${loaded.length} sheets loaded: ${read} rows read, ${rejected} rejected\n` +
        reasons.map((r) => `  ${r.rows} × ${r.reason}`).join("\n")
    );
    expect(reasons.length).toBeGreaterThan(0);
  });
});
