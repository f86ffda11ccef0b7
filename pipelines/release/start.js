// Entry point of an installed release's 一键更新.cmd and update.sh. Plain JavaScript, so that on a Node too old for
// the app it still runs and says so in Chinese instead of failing inside tsx; then it runs update.ts through tsx,
// as bin/jicai.js runs the CLI.
const [major, minor] = process.versions.node.split(".").map(Number);
// package.json engines: >=20.19 <21 || >=22.12 (require(esm) and module.register, which tsx and Framework use).
if (!((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22)) {
  console.error(
    `一键更新：本程序需要 Node.js 22（22.12 或更新）或 20.19 以上的 20.x，本机是 ${process.version}。` +
      "请按 安装说明.txt 安装合适的 Node.js 后重试。"
  );
  process.exit(1);
}
const {register} = await import("tsx/esm/api");
register();
await import("./update.ts");
