import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {contracts} from "../../pipelines/sources/index.js";

const doc = readFileSync(new URL("../../docs/data-formats.md", import.meta.url), "utf8");

describe("docs/data-formats.md", () => {
  it.each(contracts.map((c) => [c.kind, c] as const))("documents every column and alias of %s", (_, contract) => {
    const section = doc.slice(doc.indexOf(`\`${contract.kind}\``));
    expect(section.length).toBeLessThan(doc.length);
    for (const column of contract.columns) {
      expect(section).toContain(`\`${column.name}\``);
      for (const alias of [...column.aliases, ...(column.weakAliases ?? []), ...(column.misspellings ?? [])])
        expect(section).toContain(alias);
    }
  });
});
