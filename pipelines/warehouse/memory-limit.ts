/**
 * The memory limit when `JICAI_MEMORY_LIMIT` is not set. DuckDB's process uses about a third more than its limit
 * (allocations outside its buffer pool, Node itself): with 1.5GB a 10-million-line load and the refresh after it
 * peak at 1.6 and 2.0 GB; with 2GB the refresh peaked at 2.5 GB in the same time (33 s).
 */
export const defaultMemoryLimit = "1.5GB";

/**
 * DuckDB's memory limit for our connections, from `JICAI_MEMORY_LIMIT` (e.g. 2GB, 512MB), else defaultMemoryLimit.
 * DuckDB's default (80% of RAM) let a 10-million-line load hold every temp table in memory (14 GB); with a limit the
 * buffer manager spills to `<warehouse>.tmp/` instead, and the machine stays usable for the site and others.
 */
export function resolveMemoryLimit(): string {
  const text = (process.env.JICAI_MEMORY_LIMIT ?? "").trim();
  if (text === "") return defaultMemoryLimit;
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(text)) {
    throw new Error(`JICAI_MEMORY_LIMIT 应为带单位的内存大小，如 2GB 或 512MB，收到 “${text}”`);
  }
  return text;
}
