// Loaded with --import into every Node process of a site build (Framework and each data loader): on exit it
// appends the process's peak RSS and CPU time to $JICAI_BENCH_RSS_LOG, so the benchmark sees the largest
// process of the tree and the CPU time of all of them.
import {appendFileSync, readFileSync} from "node:fs";

const log = process.env.JICAI_BENCH_RSS_LOG;
if (log) {
  process.on("exit", () => {
    try {
      const usage = process.resourceUsage();
      const cpu = usage.userCPUTime + usage.systemCPUTime;
      // VmHWM starts afresh at exec; maxRSS would carry the parent's high-water mark into every child.
      const hwm = /VmHWM:\s+(\d+)\s*kB/.exec(readFileSync("/proc/self/status", "utf8"))?.[1];
      appendFileSync(log, `${hwm ? Number(hwm) : usage.maxRSS}\t${cpu}\t${process.argv.slice(1).join(" ")}\n`);
    } catch {
      // A probe must never fail the process it watches.
    }
  });
}
