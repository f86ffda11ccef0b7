// Guards the offline contract in the page sources: no `npm:` import, no implicit library global (Plot, d3,
// Inputs, html, sql …) and no FileAttachment method that Framework serves from npm (csv, arrow, parquet …).
// Pages are parsed with Framework's own Markdown and JavaScript parser, so the check sees what the build sees.
import {readdirSync, readFileSync} from "node:fs";
import {join, relative} from "node:path";
import {describe, expect, it} from "vitest";
// Framework internals (1.13.x): the same functions its build uses to find implicit npm imports.
import {defaultGlobals} from "@observablehq/framework/dist/javascript/globals.js";
import {getImplicitFileImports, getImplicitInputImports} from "@observablehq/framework/dist/libraries.js";
import {createMarkdownIt, parseMarkdown} from "@observablehq/framework/dist/markdown.js";

const srcDir = join(import.meta.dirname, "../../src");

interface CodeNode {
  references: {name: string}[];
  declarations: {name: string}[] | null;
  imports: {name: string}[];
  files: {name: string; method?: string}[];
}

/** Every reason the page would make Framework fetch something from npm or a CDN. */
export function offlineViolations(markdown: string, path: string): string[] {
  const page = parseMarkdown(markdown, {md: createMarkdownIt(), path}) as {
    code: {node: CodeNode; mode: string}[];
    data: Record<string, unknown>;
  };
  const violations: string[] = [];
  const declared = new Set<string>([...defaultGlobals, "display", "view", "visibility", "invalidation"]);
  for (const {node} of page.code) for (const {name} of node.declarations ?? []) declared.add(name);
  const free = new Set(
    page.code.flatMap(({node}) => node.references.map((r) => r.name)).filter((n) => !declared.has(n))
  );
  for (const implicit of getImplicitInputImports(free)) violations.push(`implicit global → ${implicit}`);
  const methods = new Set(page.code.flatMap(({node}) => node.files.flatMap((f) => (f.method ? [f.method] : []))));
  for (const implicit of getImplicitFileImports(methods)) violations.push(`FileAttachment method → ${implicit}`);
  for (const {node} of page.code) {
    for (const {name} of node.imports) if (/^(npm|jsr):/.test(name)) violations.push(`import "${name}"`);
  }
  if (page.data.sql) violations.push("sql front matter → DuckDB-WASM");
  if (page.code.some((c) => c.mode === "jsx")) violations.push("jsx → npm:react-dom");
  return violations;
}

function sourceFiles(dir: string, extensions: RegExp): string[] {
  return readdirSync(dir, {recursive: true, withFileTypes: true})
    .filter((e) => e.isFile() && extensions.test(e.name) && !join(e.parentPath, e.name).includes(".observablehq"))
    .map((e) => join(e.parentPath, e.name));
}

describe("page sources", () => {
  const pages = sourceFiles(srcDir, /\.md$/);

  it("finds the pages", () => {
    expect(pages.map((p) => relative(srcDir, p))).toEqual(expect.arrayContaining(["index.md", "quality.md"]));
  });

  it.each(pages.map((p) => [relative(srcDir, p), p]))("%s needs nothing from npm or a CDN", (name, file) => {
    expect(offlineViolations(readFileSync(file, "utf8"), `/${name.replace(/\.md$/, "")}`)).toEqual([]);
  });

  it("components and loaders import nothing from npm: or jsr: and reference no CDN", () => {
    const offenders = sourceFiles(srcDir, /\.(ts|js|css)$/).flatMap((file) => {
      const text = readFileSync(file, "utf8");
      // XML namespace names (w3.org for SVG, openxmlformats.org in the .xlsx writer) are identifiers, never fetched
      return [
        ...text.matchAll(
          /["'](?:npm|jsr):[^"']+["']|cdn\.jsdelivr|fonts\.googleapis|https?:\/\/(?!www\.w3\.org\/|schemas\.openxmlformats\.org\/)[^\s"'`)]+/g
        )
      ].map((m) => `${relative(srcDir, file)}: ${m[0]}`);
    });
    expect(offenders).toEqual([]);
  });
});

describe("offlineViolations", () => {
  it("catches implicit globals, npm: imports, npm-backed file methods and sql front matter", () => {
    const page = [
      "---",
      "sql:",
      "  t: data/t.parquet",
      "---",
      "```js",
      'import confetti from "npm:canvas-confetti";',
      'const rows = await FileAttachment("data/x.csv").csv({typed: true});',
      "display(Plot.barX(rows).plot());",
      "```",
      "",
      "${Inputs.table(rows)} ${html`<b>x</b>`}"
    ].join("\n");
    expect(offlineViolations(page, "/bad").sort()).toEqual(
      [
        "FileAttachment method → npm:d3-dsv",
        'import "npm:canvas-confetti"',
        "implicit global → npm:@observablehq/inputs",
        "implicit global → npm:@observablehq/plot",
        "implicit global → npm:htl",
        "sql front matter → DuckDB-WASM"
      ].sort()
    );
  });

  it("accepts libraries imported from node_modules by bare specifier", () => {
    const page = [
      "```js",
      'import * as Plot from "@observablehq/plot";',
      'import * as Inputs from "@observablehq/inputs";',
      'const rows = await FileAttachment("data/x.json").json();',
      "display(Plot.barX(rows).plot());",
      "```",
      "${Inputs.table(rows)}"
    ].join("\n");
    expect(offlineViolations(page, "/good")).toEqual([]);
  });
});
