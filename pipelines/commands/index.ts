import type {Command} from "./command.js";
import {loadCommand} from "./load.js";
import {queryCommand} from "./query.js";
import {sitePrepareCommand} from "./site-prepare.js";

/** Every CLI command, in the order `jicai --help` lists them. */
export const commands: Command[] = [loadCommand, queryCommand, sitePrepareCommand];
