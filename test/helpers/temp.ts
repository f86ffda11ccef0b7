import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll} from "vitest";

/** A fresh temp directory removed after the test file. */
export function tempDir(prefix = "jicai-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, {recursive: true, force: true}));
  return dir;
}
