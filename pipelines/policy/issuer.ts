import {readFileSync} from "node:fs";
import {relative} from "node:path";
import {fileURLToPath} from "node:url";
import {z} from "zod";

/**
 * Who issues the documents the site prints for hospitals (the statement's heading and seal line):
 * data/issuer.json, e.g. {"issuer": "华阳市医疗保障局"}. Apart from the policy files because it names the
 * bureau, not a rule: two bureaus may apply one policy.
 */
export const issuerSchema = z
  .object({
    issuer: z.string().trim().min(2, "须写出具单位的全称，如 华阳市医疗保障局").max(60, "不超过 60 个字")
  })
  .strict();

export type IssuerConfig = z.infer<typeof issuerSchema>;

export const defaultIssuerFile = fileURLToPath(new URL("../../data/issuer.json", import.meta.url));

/** A config file that cannot be used; the message names the file, the field and what to write. */
export class IssuerError extends Error {}

/** Reads and validates the issuer config; every failure is one Chinese line naming the file and field. */
export function readIssuer(file: string = defaultIssuerFile): IssuerConfig {
  const shown = relative(process.cwd(), file).startsWith("..") ? file : relative(process.cwd(), file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    throw new IssuerError(`找不到出具单位配置 ${shown}：请建立该文件，写明 {"issuer": "某某市医疗保障局"}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new IssuerError(`出具单位配置 ${shown} 不是有效的 JSON：请写成 {"issuer": "某某市医疗保障局"}`);
  }
  const parsed = issuerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.map(String).join(".") : "（整个文件）";
    const message =
      issue.code === "unrecognized_keys"
        ? `不认识的字段 ${issue.keys.join("、")}`
        : issue.code === "invalid_type"
          ? issue.path.length
            ? `须为文字，如 "华阳市医疗保障局"`
            : `须写成 {"issuer": "某某市医疗保障局"}`
          : issue.message;
    throw new IssuerError(`出具单位配置 ${shown} 字段 ${field}：${message}`);
  }
  return parsed.data;
}
