import {execFileSync} from "node:child_process";
import {describe, expect, it} from "vitest";
import {peakRssMb} from "../../pipelines/bench/steps/measure.js";

const measureModule = new URL("../../pipelines/bench/steps/measure.ts", import.meta.url).pathname;

describe("peakRssMb", () => {
  it("reports a step process's own peak, not the high-water mark of the bench that started it", () => {
    const held = Buffer.alloc(400 * 2 ** 20, 1); // the parent grows past 400 MB before it starts the child
    const parentMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const childMb = Number(
      execFileSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "-e",
          `import {peakRssMb} from ${JSON.stringify(measureModule)}; console.log(peakRssMb());`
        ],
        {
          encoding: "utf8"
        }
      ).trim()
    );
    expect(held[held.length - 1]).toBe(1);
    expect(parentMb).toBeGreaterThan(400);
    expect(peakRssMb()).toBeGreaterThan(400);
    expect(childMb).toBeGreaterThan(20);
    expect(childMb).toBeLessThan(250);
  });
});
