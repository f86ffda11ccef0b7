// Builds the real site (src/) into a temporary directory against a given warehouse, with every network
// access from the build and its data loaders blocked and logged.
import {execFile, spawn} from "node:child_process";
import {existsSync, readFileSync, rmSync} from "node:fs";
import {delimiter, join, resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {promisify} from "node:util";
import {acquireSiteBuildLock, withSiteBuildLock} from "../../pipelines/site/build-lock.js";
import {prepareSiteCache} from "../../pipelines/site/prepare.js";
import {inPrivateSiteProject} from "../../pipelines/site/private-project.js";

const run = promisify(execFile);
export const projectRoot = resolve(import.meta.dirname, "../..");
const observableBin = join(projectRoot, "node_modules/@observablehq/framework/dist/bin/observable.js");
const blockNetwork = pathToFileURL(join(import.meta.dirname, "block-network.mjs")).href;

export interface BuildRun {
  ok: boolean;
  buildMs: number;
  output: string;
  /** Network accesses attempted (and refused) during the build. */
  blocked: string[];
}

/** `observable build` in `cwd` with the network blocked; never throws for a failed build. */
export async function observableBuild(cwd: string, env: Record<string, string> = {}): Promise<BuildRun> {
  const blockedLog = join(cwd, `.blocked-${process.pid}-${Date.now()}.log`);
  const started = performance.now();
  let ok = true;
  let output: string;
  try {
    const {stdout, stderr} = await run(process.execPath, [observableBin, "build"], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        // Framework spawns `tsx` for .ts data loaders, as `npm run` would find it.
        PATH: [join(projectRoot, "node_modules/.bin"), process.env.PATH].join(delimiter),
        JICAI_BLOCKED_LOG: blockedLog,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${blockNetwork}`.trim(),
        ...env
      }
    });
    output = stdout + stderr;
  } catch (error) {
    ok = false;
    const failure = error as {stdout?: string; stderr?: string; message: string};
    output = `${failure.stdout ?? ""}${failure.stderr ?? ""}${failure.message}`;
  }
  const buildMs = performance.now() - started;
  const blocked = existsSync(blockedLog) ? readFileSync(blockedLog, "utf8").trim().split("\n").filter(Boolean) : [];
  rmSync(blockedLog, {force: true});
  return {ok, buildMs, output, blocked};
}

export interface BuiltSite extends BuildRun {
  outDir: string;
}

/**
 * `jicai site-prepare` then `observable build` of a private copy of the project (as `jicai site-build` builds)
 * into `outDir`, reading `dbPath`.
 */
export async function buildSite({dbPath, outDir}: {dbPath: string; outDir: string}): Promise<BuiltSite> {
  return inPrivateSiteProject(async (root) => {
    prepareSiteCache(join(root, "src/.observablehq/cache"));
    const build = await observableBuild(root, {JICAI_DB: dbPath, JICAI_SITE_OUT: outDir});
    if (!build.ok) throw new Error(`site build failed:\n${build.output}`);
    return {...build, outDir};
  });
}

/** After the tests: drop the test warehouse's loader outputs a preview left, so a developer's preview does not show them. */
export async function clearSiteCache(): Promise<void> {
  await withSiteBuildLock(async () => {
    prepareSiteCache(join(projectRoot, "src/.observablehq/cache"));
  });
}

export interface Preview {
  origin: string;
  output: () => string;
  stop(): Promise<void>;
}

/**
 * `observable preview` as `npm start` runs it (after site-prepare), on 127.0.0.1 and a free port. A port found
 * free can be taken by another process before the preview binds it (another test file's server, another job on
 * the machine), and Framework exits on EADDRINUSE when given a port: then it starts again on another port.
 */
export async function startPreview({
  dbPath,
  freePort
}: {
  dbPath: string;
  freePort: () => Promise<number>;
}): Promise<Preview> {
  // The preview writes loader outputs into src/'s cache: hold the lock until it stops (builds use their own).
  const release = await acquireSiteBuildLock();
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await launchPreview({dbPath, port: await freePort()}, release);
      } catch (error) {
        if (attempt >= 5 || !/EADDRINUSE/.test((error as Error).message)) throw error;
      }
    }
  } catch (error) {
    release();
    throw error;
  }
}

async function launchPreview({dbPath, port}: {dbPath: string; port: number}, release: () => void): Promise<Preview> {
  prepareSiteCache(join(projectRoot, "src/.observablehq/cache"));
  const child = spawn(
    process.execPath,
    [observableBin, "preview", "--host", "127.0.0.1", "--port", String(port), "--no-open"],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        PATH: [join(projectRoot, "node_modules/.bin"), process.env.PATH].join(delimiter),
        JICAI_DB: dbPath,
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --import=${blockNetwork}`.trim()
      },
      stdio: ["ignore", "pipe", "pipe"]
    }
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const origin = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    // A bound on waiting for the server's own "listening" line, not a guess at how long it takes: generous, since
    // a loaded machine (the suite beside another CPU-heavy job) can take many seconds to start Node and Framework.
    const timer = setTimeout(() => reject(new Error(`preview did not start:\n${output}`)), 120_000);
    child.on("exit", (code) => reject(new Error(`preview exited with ${code}:\n${output}`)));
    child.stdout.on("data", () => {
      if (output.includes(`${origin}/`)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    origin,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => {
          release();
          resolve();
        });
        child.kill("SIGTERM");
      })
  };
}
