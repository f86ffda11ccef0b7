// Loaded with --import into every Node process of a site build (Framework and each data loader): on exit it
// appends the process's peak RSS to $JICAI_BENCH_RSS_LOG, so the benchmark sees the largest process of the tree.
import {appendFileSync} from "node:fs";

const log = process.env.JICAI_BENCH_RSS_LOG;
if (log) {
  process.on("exit", () => {
    try {
      appendFileSync(log, `${process.resourceUsage().maxRSS}\t${process.pid}\t${process.argv.slice(1).join(" ")}\n`);
    } catch {
      // A probe must never fail the process it watches.
    }
  });
}
