// Observable Framework configuration for the officers' site. Everything here serves one goal beyond the
// pages themselves: the built `dist/` opens on an intranet PC with no internet (see docs in engineering notes §1).

// Telemetry would post to observablehq.com from the build machine; build/preview read this after the config.
process.env.OBSERVABLE_TELEMETRY_DISABLE = "1";

const builtOn = new Date().toLocaleDateString("sv-SE"); // sv-SE formats as 2025-03-01

export default {
  root: "src",
  // Tests build into a temporary directory; everyone else gets dist/.
  output: process.env.JICAI_SITE_OUT ?? "dist",
  title: "集采分析 Jicai",
  // TypeScript data loaders run on this Node with tsx from node_modules, not a `tsx` command on PATH: Windows
  // cannot spawn node_modules\.bin\tsx.cmd without a shell, and the release bundle ships no .bin shims.
  interpreters: {".ts": [process.execPath, "--import", "tsx"]},
  // Only pages that exist: Framework would otherwise link to a 404.
  pages: [
    {name: "总览", path: "/index"},
    {name: "节约分析", path: "/savings"},
    {name: "挂网价格合规", path: "/compliance"},
    {name: "结余留用", path: "/statement"},
    {name: "集采批次", path: "/batches"},
    {name: "国谈药品", path: "/nrdl"},
    {name: "监测预警", path: "/monitoring"},
    {name: "企业档案", path: "/enterprise"},
    {name: "数据质量", path: "/quality"}
  ],
  // A small icon of our own: without it every page request is followed by a 404 for /favicon.ico.
  head: `<link rel="icon" href="favicon.svg" type="image/svg+xml">`,
  // Framework's default adds Google Fonts at runtime; the intranet cannot reach them.
  globalStylesheets: [],
  // Our own stylesheet: the dashboard theme (air + alt + wide), Inputs' styles from node_modules, CJK fonts.
  style: "style.css",
  // Links end in .html and index.html so any static server (nginx, python -m http.server) resolves them.
  preserveExtension: true,
  preserveIndex: true,
  // Framework slugifies headings with an ASCII-only slugger (Chinese headings get empty ids); pages give
  // explicit ids instead and the table of contents stays off.
  toc: false,
  // The search index tokenises on whitespace, which does not work for Chinese.
  search: false,
  pager: false,
  footer: `集采分析 · 数据来自本机数据仓库，网站构建于 ${builtOn}，无需联网即可使用。`
};
