@echo off
chcp 65001 >nul
rem Jicai {{version}}: load an inbox folder and rebuild the site, with no network (see 安装说明.txt).
rem   Double-click: load data\inbox, build the site into dist\, serve it and open it in the browser.
rem   一键更新.cmd D:\inbox [--serve]: load that folder and build; --serve also serves the site on this computer.
rem   Set JICAI_NO_PAUSE=1 when a scheduled task runs this script.
setlocal
set "JICAI_CALLER_CWD=%CD%"
cd /d "%~dp0"
rem A Node unpacked into .\node (the official node-v22.x-win-x64.zip) wins over an installed one.
set "NODE_EXE=node"
if exist "%~dp0node\node.exe" set "NODE_EXE=%~dp0node\node.exe"
"%NODE_EXE%" --version >nul 2>&1
if errorlevel 1 goto nonode
if "%~1"=="" (
  "%NODE_EXE%" pipelines\release\start.js --serve --open
) else (
  "%NODE_EXE%" pipelines\release\start.js %*
)
set "CODE=%ERRORLEVEL%"
if not defined JICAI_NO_PAUSE pause
exit /b %CODE%

:nonode
echo 未找到 Node.js：请按 安装说明.txt 安装 Node.js 22，或把官方 node-v22.x-win-x64.zip 解压到本文件夹下的 node 文件夹，然后重新运行。
if not defined JICAI_NO_PAUSE pause
exit /b 1
