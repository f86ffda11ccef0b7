import {readFileSync, readdirSync} from "node:fs";
import {join, relative} from "node:path";
import {fileURLToPath} from "node:url";
import type {z} from "zod";
import {readPriceRiskTiers} from "./price-risk-tiers.js";
import {policySchema, type Policy} from "./schema.js";

export const defaultPolicyDir = fileURLToPath(new URL("../../data/policy/", import.meta.url));
export const defaultJurisdiction = "default";

export interface LoadedPolicy {
  file: string;
  policy: Policy;
}

/** A policy file that cannot be used; the message names the file and the field. */
export class PolicyError extends Error {}

function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

function describeIssue(file: string, issue: z.core.$ZodIssue): string {
  const field = issue.path.length ? issue.path.map(String).join(".") : "（整个文件）";
  return `策略文件 ${displayPath(file)} 字段 ${field}：${issue.message}`;
}

/** Reads and validates one policy file. */
export function readPolicyFile(file: string): LoadedPolicy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new PolicyError(`策略文件 ${displayPath(file)} 不是有效的 JSON：${(error as Error).message}`);
  }
  const parsed = policySchema.safeParse(json);
  if (!parsed.success) throw new PolicyError(parsed.error.issues.map((i) => describeIssue(file, i)).join("\n"));
  try {
    readPriceRiskTiers(parsed.data.monitoring.price_risk_tiers);
  } catch (error) {
    throw new PolicyError(
      `策略文件 ${displayPath(file)} 字段 monitoring.price_risk_tiers：${(error as Error).message}`
    );
  }
  return {file, policy: parsed.data};
}

/** Every policy version in a folder (`*.json`), validated; two versions with one jurisdiction and date are an error. */
export function loadPolicies(dir: string = defaultPolicyDir): LoadedPolicy[] {
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
  } catch {
    throw new PolicyError(`找不到策略目录 ${displayPath(dir)}`);
  }
  const loaded = names.map((name) => readPolicyFile(join(dir, name)));
  const seen = new Map<string, string>();
  for (const {file, policy} of loaded) {
    const key = `${policy.jurisdiction}@${policy.effective_from}`;
    const other = seen.get(key);
    if (other) {
      throw new PolicyError(
        `策略文件 ${displayPath(file)} 字段 effective_from：与 ${displayPath(other)} 的辖区 ${policy.jurisdiction} 生效日期相同`
      );
    }
    seen.set(key, file);
  }
  return loaded;
}

/** The version of a jurisdiction in force on a date: the latest `effective_from` on or before it. */
export function selectPolicy(policies: LoadedPolicy[], jurisdiction: string, asOf: string): LoadedPolicy {
  const versions = policies.filter((p) => p.policy.jurisdiction === jurisdiction || p.policy.id === jurisdiction);
  if (versions.length === 0) {
    const known = [...new Set(policies.map((p) => p.policy.jurisdiction))].join("、") || "无";
    throw new PolicyError(`没有辖区为 “${jurisdiction}” 的政策（可选：${known}）`);
  }
  const inForce = versions
    .filter((p) => p.policy.effective_from <= asOf)
    .sort((a, b) => b.policy.effective_from.localeCompare(a.policy.effective_from));
  if (inForce.length === 0) {
    const first = versions.map((p) => p.policy.effective_from).sort()[0];
    throw new PolicyError(`辖区 “${jurisdiction}” 在 ${asOf} 没有生效的政策（最早版本 ${first} 生效）`);
  }
  return inForce[0]!;
}

/** Loads the folder and picks the policy in force; jurisdiction defaults to JICAI_POLICY, then `default`. */
export function policyInForce(options: {dir?: string; jurisdiction?: string; asOf: string}): LoadedPolicy {
  const jurisdiction = options.jurisdiction ?? process.env.JICAI_POLICY ?? defaultJurisdiction;
  return selectPolicy(loadPolicies(options.dir), jurisdiction, options.asOf);
}
