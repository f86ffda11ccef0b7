import {mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {
  defaultPolicyDir,
  loadPolicies,
  policyInForce,
  PolicyError,
  readPolicyFile,
  selectPolicy
} from "../../pipelines/policy/load.js";

const shipped = (file: string) => JSON.parse(readFileSync(join(defaultPolicyDir, file), "utf8")) as Record<string, any>;

const root = mkdtempSync(join(tmpdir(), "jicai-policy-test-"));
afterAll(() => rmSync(root, {recursive: true, force: true}));

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(root, "policies-"));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  }
  return dir;
}

describe("policy files", () => {
  it("ships a valid Hebei-style default and a graded variant", () => {
    const policies = loadPolicies();
    const byJurisdiction = new Map(policies.map((p) => [p.policy.jurisdiction, p.policy]));
    expect(byJurisdiction.get("default")).toMatchObject({
      listing: {drug_multiplier: 1.8, consumable_multiplier: 1.0, vbp_non_supply_multiplier: 1.5},
      price_difference: {content_k: 1.7, pack_count_k: 1.95, fill_volume_k: 1.9},
      progress: {behind_pace_factor: 0.8},
      retention: {mode: "flat", flat_rate: 0.5, insured_share: 1.0},
      payment: {on_time_days: 30, prepay_ratio: 0.3},
      nrdl: {expiry_warning_days: 90}
    });
    const graded = byJurisdiction.get("graded")!;
    expect(
      graded.retention.mode === "graded" && graded.retention.grades.map((g) => [g.grade, g.min_score, g.rate])
    ).toEqual([
      ["A", 80, 0.5],
      ["B", 70, 0.4],
      ["C", 60, 0.3],
      ["D", 0, 0]
    ]);
  });

  it("picks the version of a jurisdiction in force on the date", () => {
    const v2019: Record<string, any> = {...shipped("default-2019.json"), id: "hebei-2019", jurisdiction: "hebei"};
    const v2025 = {
      ...v2019,
      id: "hebei-2025",
      effective_from: "2025-01-01",
      listing: {...v2019.listing, drug_multiplier: 1.5}
    };
    const dir = dirWith({"a.json": v2019, "b.json": v2025});
    expect(policyInForce({dir, jurisdiction: "hebei", asOf: "2024-12-31"}).policy.id).toBe("hebei-2019");
    expect(policyInForce({dir, jurisdiction: "hebei", asOf: "2025-01-01"}).policy.id).toBe("hebei-2025");
    expect(() => policyInForce({dir, jurisdiction: "hebei", asOf: "2018-12-31"})).toThrow(/2018-12-31 没有生效的政策/);
    expect(() => policyInForce({dir, jurisdiction: "shanxi", asOf: "2025-01-01"})).toThrow(
      /没有辖区为 “shanxi”.*hebei/
    );
  });

  it("takes the jurisdiction from JICAI_POLICY when no option is given", () => {
    const previous = process.env.JICAI_POLICY;
    process.env.JICAI_POLICY = "graded";
    try {
      expect(policyInForce({asOf: "2025-06-30"}).policy.id).toBe("graded-2024");
    } finally {
      if (previous === undefined) delete process.env.JICAI_POLICY;
      else process.env.JICAI_POLICY = previous;
    }
  });

  it("names the file and the field of an invalid value", () => {
    const bad = shipped("default-2019.json");
    bad.retention.flat_rate = 1.5;
    const dir = dirWith({"broken.json": bad});
    expect(() => loadPolicies(dir)).toThrow(PolicyError);
    expect(() => loadPolicies(dir)).toThrow(/策略文件 .*broken\.json 字段 retention\.flat_rate：/);
  });

  it("names the field of a missing value, an unknown key and unordered grades", () => {
    const missing = shipped("default-2019.json");
    delete missing.payment.on_time_days;
    expect(() => readPolicyFile(join(dirWith({"m.json": missing}), "m.json"))).toThrow(
      /m\.json 字段 payment\.on_time_days/
    );

    const extra = {...shipped("default-2019.json"), drug_mutliplier: 2};
    expect(() => readPolicyFile(join(dirWith({"e.json": extra}), "e.json"))).toThrow(
      /e\.json 字段 （整个文件）.*drug_mutliplier/
    );

    const graded = shipped("graded-2024.json");
    graded.retention.grades[1].min_score = 90;
    expect(() => readPolicyFile(join(dirWith({"g.json": graded}), "g.json"))).toThrow(
      /g\.json 字段 retention\.grades\.1\.min_score：等级须按最低分从高到低排列/
    );
  });

  it("reports a JSON syntax error and two versions with the same date", () => {
    expect(() => loadPolicies(dirWith({"x.json": "{ not json"}))).toThrow(/策略文件 .*x\.json 不是有效的 JSON/);
    const v = shipped("default-2019.json");
    expect(() => loadPolicies(dirWith({"a.json": v, "b.json": {...v, id: "other"}}))).toThrow(
      /b\.json 字段 effective_from：与 .*a\.json/
    );
  });

  it("selects by policy id as well as by jurisdiction", () => {
    expect(selectPolicy(loadPolicies(), "graded-2024", "2025-01-01").policy.jurisdiction).toBe("graded");
  });
});
