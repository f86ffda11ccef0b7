import {describe, expect, it} from "vitest";
import {UsageError} from "../../pipelines/commands/command.js";
import {sampleCommand} from "../../pipelines/commands/sample.js";

describe("jicai sample", () => {
  it("refuses a scale or seed that is not a number, with a usage error", async () => {
    await expect(sampleCommand.run(["--scale", "abc"])).rejects.toBeInstanceOf(UsageError);
    await expect(sampleCommand.run(["--scale", "0"])).rejects.toBeInstanceOf(UsageError);
    await expect(sampleCommand.run(["--seed", "1.5"])).rejects.toBeInstanceOf(UsageError);
  });

  it("documents its defaults", () => {
    expect(sampleCommand.usage).toContain("--scale N");
    expect(sampleCommand.usage).toContain("data/inbox");
    expect(sampleCommand.usage).toContain("--seed S");
  });
});
