import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {jicai} from "../helpers/cli.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir();
const db = join(dir, "cli.duckdb");
writeFileSync(
  join(dir, "hospitals.csv"),
  "医疗机构编码,机构名称,等级,经营性质,区县,医保实际支付比例,机构类别\nH001,华阳市第一人民医院,三级甲等,公立,东城区,70%,医院\nH002,东城社区卫生服务中心,未定级,公立,东城区,0.85,基层\nH003,坏数据医院,三级,公立,东城区,七成,医院\n"
);
writeFileSync(join(dir, "readme.csv"), "说明\n这是一个说明文件\n");

describe("jicai load", () => {
  it("prints one JSON object per file with the documented fields and exits 1 when a file is refused", () => {
    const result = jicai(["load", dir, "--db", db, "--json"]);
    expect(result.status).toBe(1);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const hospitals = lines.find((l) => l.source === "hospitals");
    expect(hospitals).toMatchObject({sheet: null, rows_read: 3, rows_loaded: 2, rows_rejected: 1, status: "loaded"});
    expect(Object.keys(hospitals)).toEqual(
      expect.arrayContaining([
        "file",
        "sheet",
        "source",
        "rows_read",
        "rows_loaded",
        "rows_rejected",
        "load_id",
        "status"
      ])
    );
    const refused = lines.find((l) => l.file.endsWith("readme.csv"));
    expect(refused).toMatchObject({status: "failed"});
    expect(result.stderr).toContain("readme.csv");
    expect(result.stderr.trim().split("\n").at(-1)).toMatch(/^jicai load: /);
  });

  it("reports unchanged on a second load and honours JICAI_DB", () => {
    const result = jicai(["load", join(dir, "hospitals.csv"), "--json"], {JICAI_DB: db});
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({status: "unchanged", rows_loaded: 2});
  });

  it("exits 2 with usage on missing arguments and prints --help", () => {
    expect(jicai(["load"]).status).toBe(2);
    const help = jicai(["load", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--source");
  });
});

describe("jicai query", () => {
  it("returns JSON numbers and CSV, read-only", () => {
    const json = jicai([
      "query",
      "select hospital_code, mi_pay_ratio, count(*) over () n from raw_hospitals order by 1",
      "--db",
      db,
      "--json"
    ]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([
      {hospital_code: "H001", mi_pay_ratio: 0.7, n: 2},
      {hospital_code: "H002", mi_pay_ratio: 0.85, n: 2}
    ]);
    const csv = jicai(["query", "select hospital_code, name from raw_hospitals order by 1", "--db", db, "--csv"]);
    expect(csv.stdout).toBe("hospital_code,name\nH001,华阳市第一人民医院\nH002,东城社区卫生服务中心\n");
    const money = jicai([
      "query",
      "select 149064675.10::decimal(18,2) as paid, -0.05::decimal(9,3) as d",
      "--db",
      db,
      "--csv"
    ]);
    expect(money.stdout).toBe("paid,d\n149064675.10,-0.050\n");
    const write = jicai(["query", "delete from raw_hospitals", "--db", db]);
    expect(write.status).toBe(1);
    expect(write.stderr).toContain("只读");
  });

  it("says the warehouse is missing instead of creating one", () => {
    const result = jicai(["query", "select 1", "--db", join(dir, "none.duckdb")]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("jicai load");
  });

  it("saves --map as a mapping file that a later file of the same template uses by itself", () => {
    const env = {JICAI_MAPPINGS: join(dir, "mappings")};
    const saveDb = join(dir, "save-map.duckdb");
    writeFileSync(join(dir, "export-1.csv"), "阿莫西林胶囊,XA01,9.8\n头孢呋辛酯片,XA02,12\n");
    writeFileSync(join(dir, "export-2.csv"), "布洛芬缓释胶囊,XA03,8.5\n");
    const maps = ["A=generic_name", "B=product_code", "C=挂网价格"].flatMap((m) => ["--map", m]);
    const first = jicai(
      ["load", join(dir, "export-1.csv"), "--db", saveDb, "--province", "海南省", ...maps, "--save-map", "platform"],
      env
    );
    expect(first.status).toBe(0);
    expect(first.stdout).toContain("读取 2 = 载入 2 + 拒绝 0；未含省份列，按 --province 载入为海南省");
    expect(first.stdout).toContain("按 --map 指定的列读取");
    expect(first.stderr).toMatch(/已保存映射 .*platform\.json/);
    const second = jicai(["load", join(dir, "export-2.csv"), "--db", saveDb, "--province", "海南省"], env);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/读取 1 = 载入 1 \+ 拒绝 0；.*按映射文件 .*platform\.json 读取各列/);
  });

  it("refuses a malformed --map or --category as a usage error, in Chinese", () => {
    const badMap = jicai(["load", join(dir, "hospitals.csv"), "--db", db, "--map", "品名"]);
    expect(badMap.status).toBe(2);
    expect(badMap.stderr).toContain("--map “品名” 的写法不对");
    const badCategory = jicai(["load", join(dir, "hospitals.csv"), "--db", db, "--category", "器械"]);
    expect(badCategory.status).toBe(2);
    expect(badCategory.stderr).toContain("--category 只能是 药品 或 耗材");
    for (const row of ["x", "0", "4.5"]) {
      const badRow = jicai(["load", join(dir, "hospitals.csv"), "--db", db, "--header-row", row]);
      expect(badRow.status).toBe(2);
      expect(badRow.stderr).toContain(`--header-row 应是表头所在的行号，如 45（收到“${row}”）`);
    }
  });

  it("reads the header from --header-row when it lies below the rows searched", () => {
    const file = join(dir, "deep-header.csv");
    const notes = Array.from({length: 120}, (_, i) => `说明第 ${i + 1} 行`);
    writeFileSync(file, [...notes, "医疗机构编码,机构名称,等级", "DH001,华阳市深处医院,三级", ""].join("\n"));
    const deepDb = join(dir, "deep.duckdb");
    expect(jicai(["load", file, "--db", deepDb]).status).toBe(1);
    const loaded = jicai(["load", file, "--db", deepDb, "--header-row", "121", "--json"]);
    expect(loaded.status).toBe(0);
    expect(JSON.parse(loaded.stdout.trim())).toMatchObject({source: "hospitals", rows_read: 1, rows_loaded: 1});
  });
});
