import type {Command} from "./command.js";
import {alertsCommand} from "./alerts.js";
import {backupCommand} from "./backup.js";
import {checkCommand} from "./check.js";
import {exportCommand} from "./export.js";
import {exportLakeCommand} from "./export-lake.js";
import {hospitalPackCommand} from "./hospital-pack.js";
import {loadCommand} from "./load.js";
import {queryCommand} from "./query.js";
import {refreshCommand} from "./refresh.js";
import {restoreCommand} from "./restore.js";
import {sampleCommand} from "./sample.js";
import {siteBuildCommand} from "./site-build.js";
import {sitePrepareCommand} from "./site-prepare.js";
import {sparkMartsCommand} from "./spark-marts.js";
import {unloadCommand} from "./unload.js";

/** Every CLI command, in the order `jicai --help` lists them. */
export const commands: Command[] = [
  loadCommand,
  unloadCommand,
  queryCommand,
  sitePrepareCommand,
  siteBuildCommand,
  sampleCommand,
  refreshCommand,
  checkCommand,
  alertsCommand,
  exportCommand,
  exportLakeCommand,
  sparkMartsCommand,
  backupCommand,
  restoreCommand,
  hospitalPackCommand
];
