import {describe, expect, it} from "vitest";
import {Rng} from "../../pipelines/sample/rng.js";

describe("Rng", () => {
  it("repeats for the same seed and label and differs otherwise", () => {
    const draw = (r: Rng) => Array.from({length: 5}, () => r.next());
    expect(draw(new Rng(1, "a"))).toEqual(draw(new Rng(1, "a")));
    expect(draw(new Rng(1, "a"))).not.toEqual(draw(new Rng(2, "a")));
    expect(draw(new Rng(1, "a"))).not.toEqual(draw(new Rng(1, "b")));
  });

  it("forks streams that do not depend on draws made in the parent", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    b.next();
    b.next();
    expect(a.fork("x").next()).toBe(b.fork("x").next());
  });

  it("stays in range and is roughly uniform", () => {
    const r = new Rng(3);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[r.int(0, 3) + 1]++;
    expect(counts[0] + counts[5]).toBe(0);
    for (const c of counts.slice(1, 5)) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(r.sample([1, 2, 3, 4, 5], 3)).toHaveLength(3);
    expect(new Set(r.sample([1, 2, 3, 4, 5], 5)).size).toBe(5);
  });
});
