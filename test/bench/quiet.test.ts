import {describe, expect, it} from "vitest";
import {quietVerdict} from "../../pipelines/bench/quiet.js";

describe("quietVerdict", () => {
  it("calls a run quiet only when nothing ran before it and no step shared the CPUs with other work", () => {
    expect(quietVerdict(2, 0.1, [0.2, 1.9, 2.4]).quiet).toBe(true);
    expect(quietVerdict(2, 0.8, [0.2]).quiet).toBe(false);
    const busy = quietVerdict(2, 0.1, [1.5, 3.7]);
    expect(busy.quiet).toBe(false);
    expect(busy.reason).toContain("最高 3.70");
  });
});
