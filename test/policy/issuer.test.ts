import {writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {IssuerError, readIssuer} from "../../pipelines/policy/issuer.js";
import {tempDir} from "../helpers/temp.js";

const dir = tempDir("jicai-issuer-test-");

function fileWith(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("issuer config (data/issuer.json)", () => {
  it("ships the sample city's bureau", () => {
    expect(readIssuer()).toEqual({issuer: "华阳市医疗保障局"});
  });

  it("trims the name", () => {
    expect(readIssuer(fileWith("ok.json", '{"issuer": "  青山市医疗保障局 "}'))).toEqual({issuer: "青山市医疗保障局"});
  });

  it.each([
    ["missing.json", null, /找不到出具单位配置 .*missing\.json/],
    ["broken.json", "{issuer:", /不是有效的 JSON/],
    ["empty.json", '{"issuer": " "}', /字段 issuer：须写出具单位的全称/],
    ["extra.json", '{"issuer": "青山市医疗保障局", "seal": "x"}', /不认识的字段 seal/],
    ["wrong-type.json", '{"issuer": 3}', /字段 issuer：须为文字/],
    ["not-object.json", "[]", /字段 （整个文件）：须写成/]
  ])("refuses %s with one Chinese line naming the file", (name, content, message) => {
    const path = content === null ? join(dir, name) : fileWith(name, content);
    let error: unknown;
    try {
      readIssuer(path);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IssuerError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain("\n");
    expect((error as Error).message).toContain(name);
  });
});
