import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {serveSite, type SiteServer} from "../../pipelines/release/serve.js";
import {tempDir} from "../helpers/temp.js";

const root = join(tempDir("jicai-serve-"), "dist");
let server: SiteServer;

beforeAll(async () => {
  mkdirSync(join(root, "_file"), {recursive: true});
  writeFileSync(join(root, "index.html"), "<title>总览</title>");
  writeFileSync(join(root, "_file", "data.json"), "[]");
  writeFileSync(join(root, "..", "secret.txt"), "not for the browser");
  server = await serveSite(root, 0);
});

afterAll(() => server.close());

describe("serveSite", () => {
  it("serves the site on 127.0.0.1 with index.html for folders", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await fetch(server.url);
    expect(index.status).toBe(200);
    expect(index.headers.get("content-type")).toContain("text/html");
    expect(await index.text()).toBe("<title>总览</title>");
    expect(await (await fetch(new URL("_file/data.json", server.url))).text()).toBe("[]");
  });

  it("answers 404 in Chinese for a missing page and never serves files outside the site", async () => {
    const missing = await fetch(new URL("nope.html", server.url));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("找不到该页面");
    const escape = await fetch(`${server.url}%2e%2e/secret.txt`);
    expect(escape.status).toBeGreaterThanOrEqual(400);
    expect(await escape.text()).not.toContain("not for the browser");
  });

  it("refuses anything but GET and HEAD", async () => {
    expect((await fetch(server.url, {method: "POST"})).status).toBe(405);
  });

  it("says in Chinese when the port is taken", async () => {
    const port = Number(new URL(server.url).port);
    await expect(serveSite(root, port)).rejects.toThrow(`端口 ${port} 已被占用`);
  });
});
