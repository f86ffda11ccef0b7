// Loaded with --import into every Node process of a site build (Framework and each data loader): on exit it
// appends the process's peak RSS and CPU time to $JICAI_BENCH_RSS_LOG, so the benchmark sees the largest
// process of the tree and the CPU time of all of them.
import {appendFileSync} from "node:fs";

const log = process.env.JICAI_BENCH_RSS_LOG;
if (log) {
  process.on("exit", () => {
    try {
      const usage = process.resourceUsage();
      const cpu = usage.userCPUTime + usage.systemCPUTime;
      appendFileSync(log, `${usage.maxRSS}\t${cpu}\t${process.argv.slice(1).join(" ")}\n`);
    } catch {
      // A probe must never fail the process it watches.
    }
  });
}
