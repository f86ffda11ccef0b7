import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {pageDataSizes} from "../../pipelines/bench/page-data.js";
import {tempDir} from "../helpers/temp.js";

describe("pageDataSizes", () => {
  it("sums the _file data each page registers, resolving paths relative to the page, and skips Framework's own folders", () => {
    const dist = tempDir("jicai-bench-dist-");
    mkdirSync(join(dist, "_file/data"), {recursive: true});
    mkdirSync(join(dist, "batches"), {recursive: true});
    mkdirSync(join(dist, "_observablehq"), {recursive: true});
    writeFileSync(join(dist, "_file/data/overview.1a2b3c4d.json"), "x".repeat(300));
    writeFileSync(join(dist, "_file/data/quality.5e6f7a8b.json"), "y".repeat(1200));
    writeFileSync(
      join(dist, "index.html"),
      `registerFile("./data/overview.json", {"name":"./data/overview.json","path":"./_file/data/overview.1a2b3c4d.json"});`
    );
    writeFileSync(
      join(dist, "batches/detail.html"),
      `registerFile("../data/quality.json", {"path":"../_file/data/quality.5e6f7a8b.json"}); x = "../_file/data/overview.1a2b3c4d.json";`
    );
    writeFileSync(join(dist, "_observablehq/stdlib.html"), `"./_file/data/quality.5e6f7a8b.json"`);
    const pages = pageDataSizes(dist);
    expect(pages.map((p) => [p.page, p.bytes, p.files.length])).toEqual([
      ["batches/detail.html", 1500, 2],
      ["index.html", 300, 1]
    ]);
    expect(pages[1]!.files).toEqual([{file: "_file/data/overview.1a2b3c4d.json", bytes: 300}]);
    expect(pages[1]!.gzipBytes).toBeLessThan(300);
  });
});
