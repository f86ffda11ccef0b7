#!/bin/sh
# Jicai {{version}}: load an inbox folder and rebuild the site, with no network (see 安装说明.txt).
#   ./update.sh                 load data/inbox, build the site into dist/
#   ./update.sh /srv/inbox      load that folder instead
#   ./update.sh --serve         also serve dist/ on http://127.0.0.1:3000/ (this computer only)
JICAI_CALLER_CWD=$(pwd)
export JICAI_CALLER_CWD
cd "$(dirname "$0")" || exit 1
# A Node unpacked into ./node (the official node-v22.x-linux-x64.tar.xz) wins over one on PATH.
if [ -x node/bin/node ]; then node=./node/bin/node; else node=node; fi
if ! command -v "$node" >/dev/null 2>&1; then
  echo "未找到 Node.js：请按 安装说明.txt 安装 Node.js 22（或把官方 node-v22.x-linux-x64.tar.xz 解压到本文件夹下的 node 文件夹）后重试。" >&2
  exit 1
fi
exec "$node" pipelines/release/start.js "$@"
