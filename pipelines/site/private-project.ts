import {createHash} from "node:crypto";
import {cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join, resolve} from "node:path";

const projectRoot = resolve(import.meta.dirname, "../..");

/** What a site build reads besides src/: linked, never written by the build. */
const linked = ["node_modules", "pipelines", "data"];
const copied = ["observablehq.config.ts", "package.json"];

/**
 * Runs `work` in a private copy of the site project: its own src/ (without Framework's cache) next to links to
 * node_modules, pipelines and data. Framework keeps data-loader outputs in src/.observablehq/cache and reuses
 * them whatever their age, so two builds of one src/ publish each other's data — a hospital's bundle built while
 * `npm run build` ran once held every hospital's rows. A build in its own copy shares nothing that way.
 */
export async function inPrivateSiteProject<T>(work: (root: string) => Promise<T>): Promise<T> {
  const root = mkdtempSync(join(tmpdir(), "jicai-site-"));
  try {
    for (const name of copied) cpSync(join(projectRoot, name), join(root, name));
    cpSync(join(projectRoot, "src"), join(root, "src"), {
      recursive: true,
      filter: (source) => !source.startsWith(join(projectRoot, "src", ".observablehq"))
    });
    for (const name of linked) symlinkSync(join(projectRoot, name), join(root, name), "junction");
    const bundles = sharedBundles();
    const own = join(root, "src/.observablehq/cache/_node");
    if (existsSync(bundles)) cpSync(bundles, own, {recursive: true});
    const result = await work(root);
    if (!existsSync(bundles) && existsSync(own)) publish(own, bundles);
    return result;
  } finally {
    rmSync(root, {recursive: true, force: true});
  }
}

/**
 * Framework's browser bundles of node_modules packages (`cache/_node`) depend only on the installed packages,
 * never on data, and cost most of a build's time (about 11 of 15 CPU seconds). Builds share them through a
 * folder keyed by the lock file, placed whole by a rename, so a build only ever copies a complete set.
 */
function sharedBundles(): string {
  const lock = join(projectRoot, "package-lock.json");
  const key = existsSync(lock) ? createHash("sha256").update(readFileSync(lock)).digest("hex").slice(0, 16) : "none";
  return join(projectRoot, "node_modules/.cache/jicai-site-bundles", key);
}

function publish(from: string, to: string): void {
  mkdirSync(dirname(to), {recursive: true});
  const staging = mkdtempSync(`${to}.tmp-`);
  try {
    cpSync(from, staging, {recursive: true});
    renameSync(staging, to);
  } catch {
    // Another build published the same bundles first; ours are identical.
    rmSync(staging, {recursive: true, force: true});
  }
}
