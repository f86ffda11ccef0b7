/** A platform the release is built for: npm's os/cpu/libc select its native packages. */
export interface ReleaseTarget {
  /** `<os>-<cpu>`, as in the archive's name and npm's platform package names. */
  name: string;
  os: "linux" | "win32";
  cpu: "x64" | "arm64";
  /** Linux only: npm skips the musl builds when this is glibc. */
  libc?: "glibc";
  archive: "tar.gz" | "zip";
}

/**
 * The bureau machines we ship to: Windows PCs and servers (x64), Linux servers (x64, and arm64 for the
 * domestic Kunpeng/Phytium servers that run Kylin or UOS).
 */
export const releaseTargets: readonly ReleaseTarget[] = [
  {name: "linux-x64", os: "linux", cpu: "x64", libc: "glibc", archive: "tar.gz"},
  {name: "linux-arm64", os: "linux", cpu: "arm64", libc: "glibc", archive: "tar.gz"},
  {name: "win32-x64", os: "win32", cpu: "x64", archive: "zip"}
];

export function releaseTarget(name: string): ReleaseTarget {
  const target = releaseTargets.find((t) => t.name === name);
  if (!target) {
    throw new Error(`未知的目标平台 “${name}”：可选 ${releaseTargets.map((t) => t.name).join("、")}`);
  }
  return target;
}

/** The folder name inside the archive and the archive's base name: jicai-0.1.0-win32-x64. */
export function releaseName(version: string, target: ReleaseTarget): string {
  return `jicai-${version}-${target.name}`;
}
