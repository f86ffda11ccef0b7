import {mkdirSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join} from "node:path";

/**
 * Framework's client bundle (`client.js`, `stdlib.js`) contains lazy `import("npm:…")` calls for its
 * "recommended libraries" (lodash, arquero, react, duckdb …). Bundling it asks registry.npmjs.org for each
 * package's latest version unless `<cache>/_npm/<name>@<version>/` already exists — so an intranet build
 * hangs or fails even when no page uses those libraries. We pre-create one directory per package with the
 * version below: version resolution then never leaves the machine.
 *
 * The directories are deliberately empty. Pages import libraries from node_modules by bare specifier; if a
 * page ever falls back to an `npm:` import or an implicit global (`Plot`, `d3`, `Inputs`, …), Framework tries
 * to fetch `cdn.jsdelivr.net/npm/<name>@0.0.0-offline/+esm`, which does not exist — the build fails loudly,
 * online or not, instead of quietly depending on a CDN.
 */
export const offlineVersion = "0.0.0-offline";

const require = createRequire(import.meta.url);

/** Framework's browser client sources (`dist/client/**.js`) inside node_modules. */
export function frameworkClientDir(): string {
  return join(dirname(require.resolve("@observablehq/framework/package.json")), "dist", "client");
}

/** Package names of every `"npm:…"` literal in Framework's client sources, sorted. */
export function frameworkNpmPackages(clientDir = frameworkClientDir()): string[] {
  const names = new Set<string>();
  for (const file of listJsFiles(clientDir)) {
    for (const [, specifier] of readFileSync(file, "utf8").matchAll(/["'`]npm:([^"'`]+)["'`]/g)) {
      names.add(npmPackageName(specifier!));
    }
  }
  return [...names].sort();
}

/** `@scope/name@1.2/path` → `@scope/name`; `name/sub` → `name`. */
export function npmPackageName(specifier: string): string {
  const parts = specifier.split("/");
  const nameWithRange = specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]!;
  const at = nameWithRange.indexOf("@", 1);
  return at > 0 ? nameWithRange.slice(0, at) : nameWithRange;
}

/**
 * Replaces `<cacheDir>/_npm` with one empty `<name>@0.0.0-offline/` directory per package (no other entries:
 * Framework parses every name there as `name@version`). Anything previously downloaded there is removed so
 * that every build resolves the same way.
 */
export function seedNpmCache(cacheDir: string, packages = frameworkNpmPackages()): string[] {
  const npmDir = join(cacheDir, "_npm");
  rmSync(npmDir, {recursive: true, force: true});
  const seeded = packages.map((name) => {
    const dir = join(npmDir, `${name}@${offlineVersion}`);
    mkdirSync(dir, {recursive: true});
    return dir;
  });
  return seeded;
}

function listJsFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true, recursive: true})
    .filter((entry) => entry.isFile() && entry.name.endsWith(".js"))
    .map((entry) => join(entry.parentPath, entry.name));
}
