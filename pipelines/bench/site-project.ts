import {cpSync, mkdirSync, rmSync, symlinkSync} from "node:fs";
import {join, relative, sep} from "node:path";
import {projectRoot} from "./cache.js";

const linked = ["node_modules", "pipelines", "data", "package.json", "tsconfig.json"];

/**
 * A private copy of the site to build from: src/ and the Framework config copied, everything else linked.
 * Framework keeps its data-loader cache inside src/, and site-prepare clears it before each build; building
 * the shared src/ would race with anyone else building or previewing the site on this checkout.
 * The node_modules bundles Framework already made (cache/_node) come along, as they would on a build server.
 */
export function copySiteProject(dir: string): string {
  rmSync(dir, {recursive: true, force: true});
  mkdirSync(dir, {recursive: true});
  const cache = join(projectRoot, "src/.observablehq/cache");
  cpSync(join(projectRoot, "src"), join(dir, "src"), {
    recursive: true,
    filter: (source) => {
      const inCache = relative(cache, source);
      return inCache.startsWith("..") || inCache === "" || inCache === "_node" || inCache.startsWith(`_node${sep}`);
    }
  });
  cpSync(join(projectRoot, "observablehq.config.ts"), join(dir, "observablehq.config.ts"));
  for (const name of linked) symlinkSync(join(projectRoot, name), join(dir, name));
  return dir;
}
