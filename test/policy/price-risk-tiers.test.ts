import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {defaultPolicyDir, loadPolicies, PolicyError, readPolicyFile} from "../../pipelines/policy/load.js";
import {priceRiskTiersDir, readPriceRiskTiers} from "../../pipelines/policy/price-risk-tiers.js";

const root = mkdtempSync(join(tmpdir(), "jicai-tiers-test-"));
afterAll(() => rmSync(root, {recursive: true, force: true}));

const jiangsu = JSON.parse(readFileSync(join(priceRiskTiersDir, "jiangsu-2021-64.json"), "utf8")) as Record<
  string,
  any
>;

function tiersFile(id: string, content: unknown): string {
  writeFileSync(join(root, `${id}.json`), JSON.stringify(content));
  return root;
}

describe("price-risk tiers", () => {
  it("ships Jiangsu's 苏医保发〔2021〕64号 tiers, highest first, and every shipped policy names a valid file", () => {
    const tiers = readPriceRiskTiers("jiangsu-2021-64");
    expect(tiers.source).toContain("苏医保发〔2021〕64号");
    expect(tiers.tiers.map((t) => [t.label, t.min_multiple, t.min_inclusive, t.severity, t.action])).toEqual([
      ["红色★★★", 10, true, "red", "暂停挂网交易"],
      ["红色★★", 5, true, "red", "约谈企业，警示医疗机构"],
      ["红色★", 2, true, "red", "约谈企业，警示医疗机构"],
      ["黄色", 1, false, "yellow", "提醒医疗机构"]
    ]);
    for (const {policy} of loadPolicies()) expect(policy.monitoring.price_risk_tiers).toBe("jiangsu-2021-64");
  });

  it("refuses tiers out of order, a repeated id, a missing action, naming the file and field", () => {
    const swapped = {...jiangsu, id: "swapped", tiers: [jiangsu.tiers[1], jiangsu.tiers[0]]};
    expect(() => readPriceRiskTiers("swapped", tiersFile("swapped", swapped))).toThrow(
      /swapped\.json 字段 tiers\.1\.min_multiple：风险等级须按最低倍数从高到低排列/
    );
    const repeated = {...jiangsu, id: "repeated", tiers: [jiangsu.tiers[0], {...jiangsu.tiers[1], tier: "red3"}]};
    expect(() => readPriceRiskTiers("repeated", tiersFile("repeated", repeated))).toThrow(
      /tiers\.1\.tier：等级编号重复/
    );
    const {action: _, ...noAction} = jiangsu.tiers[3];
    const missing = {...jiangsu, id: "missing", tiers: [...jiangsu.tiers.slice(0, 3), noAction]};
    expect(() => readPriceRiskTiers("missing", tiersFile("missing", missing))).toThrow(/tiers\.3\.action/);
    expect(() => readPriceRiskTiers("elsewhere", tiersFile("elsewhere", jiangsu))).toThrow(/字段 id：应为“elsewhere”/);
  });

  it("refuses a policy that names a tiers file that does not exist", () => {
    const policy = JSON.parse(readFileSync(join(defaultPolicyDir, "default-2019.json"), "utf8"));
    policy.monitoring.price_risk_tiers = "no-such-tiers";
    const file = join(root, "policy.json");
    writeFileSync(file, JSON.stringify(policy));
    expect(() => readPolicyFile(file)).toThrow(PolicyError);
    expect(() => readPolicyFile(file)).toThrow(
      /字段 monitoring\.price_risk_tiers：价格风险分级文件 .*no-such-tiers\.json 不存在/
    );
  });
});
