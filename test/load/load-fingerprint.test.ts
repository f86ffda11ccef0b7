import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {tempDir} from "../helpers/temp.js";
import {fingerprintFile, fingerprintInputs, fingerprintOf, type Fingerprint} from "./load-fingerprint.js";

/**
 * Loading is made faster without changing what it loads: every file of the bad-input corpus and every real file
 * leaves the same report lines, rejected cells and landed rows as the loader did before the speed work
 * (test/fixtures/load-fingerprint.json; how to regenerate it is in load-fingerprint.ts).
 */

const expected = JSON.parse(readFileSync(fingerprintFile, "utf8")) as Record<string, Fingerprint>;
const dir = tempDir();

describe("what a load leaves is unchanged by the speed work", () => {
  const inputs = fingerprintInputs();

  it("covers every committed corpus file and every real file", () => {
    expect(inputs.map((i) => i.key).sort()).toEqual(Object.keys(expected).sort());
    expect(inputs.length).toBeGreaterThan(70);
  });

  for (const input of inputs) {
    it(
      input.key,
      async () => {
        const actual = await fingerprintOf(input, dir);
        expect(actual).toEqual(expected[input.key]);
        for (const line of actual.lines.filter((l) => l.status === "loaded"))
          expect(line.rows_read).toBe(line.rows_loaded + line.rows_rejected);
      },
      120_000
    );
  }
});
