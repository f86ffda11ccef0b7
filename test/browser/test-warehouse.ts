// The warehouse the site tests build against, made the way a bureau makes one: `jicai sample` at a small
// scale, plus two files of our own, then `jicai load`, `jicai refresh` and `jicai check`.
import {execFile} from "node:child_process";
import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {promisify} from "node:util";
import {buildSampleModel} from "../../pipelines/sample/build-model.js";
import {openWarehouse} from "../../pipelines/warehouse/open.js";
import {projectRoot} from "./site-build.js";

const run = promisify(execFile);

/** A value that would run script if a page ever put data into innerHTML. */
export const hostileValue = `<img src=x onerror="document.title='pwned'">`;
/** A product name with a script element in it (a listing over its limit in the home province). */
export const hostileName = `<script>document.title='pwned'</script>测试胶囊`;

/** The extra hospital that reported an agreed volume for year 1 of the oldest drug batch and none since. */
export const unreportedHospital = "H99000001";

/**
 * Year 1 agreed volume of one selected product of the sample's oldest drug batch (past its year 1 by the
 * as-of date) for the extra hospital, which then has no agreed volume in its current year.
 */
function firstYearOnlyVolume(scale: string): string {
  const model = buildSampleModel({seed: 1, scale: Number(scale)});
  const batch = [...model.batches]
    .filter((b) => b.spec.category === "药品")
    .sort((a, b) => a.execStart - b.execStart || a.spec.id.localeCompare(b.spec.id))[0]!;
  const bid = batch.varieties[0]!.bids.find((b) => b.selected)!;
  const p = bid.product;
  return [
    "批次,医疗机构编码,通用名,剂型,规格,生产企业,医保编码,协议年度,约定采购量,单位",
    [batch.spec.name, unreportedHospital, p.generic, p.form, p.spec, p.enterprise, p.code, 1, 1000, p.unit].join(",")
  ].join("\r\n");
}

/**
 * Files a bureau might drop into the inbox besides the sample: one bad cell that looks like HTML, one non-source
 * file, and an agreed volume whose later years were never reported.
 */
function writeExtraFiles(inbox: string, scale: string): void {
  const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
  writeFileSync(
    join(inbox, "补充定点机构.csv"),
    [
      "医疗机构编码,机构名称,等级,经营性质,区县,医保实际支付比例,机构类别",
      `H99000001,${quote("测试<b>医院</b>")},三级,公立,城区,${quote(hostileValue)},医院`,
      `H99000002,${quote("<script>alert(1)</script>卫生院")},一级,公立,城区,0.8,基层`
    ].join("\r\n") + "\r\n"
  );
  // A listing in the bureau's own province, far over 1.8 × its national lowest price, so the compliance page lists it.
  writeFileSync(
    join(inbox, "补充挂网价格.csv"),
    [
      "省份,医保药品编码,通用名,剂型,规格,包装,转换比,生产企业,产品类别,挂网价格（元）,全国最低价（元）,挂网状态,挂网日期",
      `江川省,,${quote(hostileName)},胶囊剂,0.25g,24粒/盒,24,${quote(hostileValue + "制药有限公司")},药品,50.00,10.00,挂网,2025-03-01`
    ].join("\r\n") + "\r\n"
  );
  writeFileSync(join(inbox, "工作说明.csv"), "事项,说明\r\n备份,每周五\r\n");
  writeFileSync(join(inbox, "补充约定采购量.csv"), firstYearOnlyVolume(scale) + "\r\n");
}

/** Runs `jicai <args>`; exit 1 is accepted where the command reports failed files or checks, not crashes. */
async function jicai(args: string[], env: Record<string, string>, acceptExit1 = false): Promise<string> {
  try {
    const {stdout} = await run(process.execPath, [join(projectRoot, "bin/jicai.js"), ...args], {
      cwd: projectRoot,
      env: {...process.env, ...env},
      maxBuffer: 64 * 1024 * 1024
    });
    return stdout;
  } catch (error) {
    const failure = error as {code?: number; stdout?: string; stderr?: string};
    if (acceptExit1 && failure.code === 1) return failure.stdout ?? "";
    throw new Error(`jicai ${args.join(" ")} failed (exit ${failure.code}):\n${failure.stderr ?? ""}`);
  }
}

export async function createTestWarehouse(dir: string, scale = "0.05"): Promise<string> {
  const path = join(dir, "warehouse.duckdb");
  const inbox = join(dir, "inbox");
  mkdirSync(inbox, {recursive: true});
  const env = {JICAI_DB: path};
  await jicai(["sample", "--scale", scale, "--out", inbox], env);
  writeExtraFiles(inbox, scale);
  await jicai(["load", inbox], env, true); // 工作说明.csv is refused by design
  await jicai(["refresh"], env);
  await jicai(["check"], env, true); // failed checks must show on the page, not stop the test
  return path;
}

/** One read-only query for assertions, run in the test process after the build has finished with the file. */
export async function queryTestWarehouse(path: string, sql: string): Promise<Record<string, unknown>[]> {
  const warehouse = await openWarehouse(path, {readOnly: true});
  try {
    return (await warehouse.conn.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    warehouse.close();
  }
}
