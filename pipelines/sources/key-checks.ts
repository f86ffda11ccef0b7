import type {CheckDefinition} from "../runner/checks.js";
import type {SourceContract} from "./contract.js";
import {contracts} from "./index.js";

/** A column's Chinese label: the first of its header aliases. */
function label(contract: SourceContract, column: string): string {
  return contract.columns.find((c) => c.name === column)?.aliases[0] ?? column;
}

/**
 * One check per source that no two rows of its raw table share the contract's natural key: the loader replaces
 * rows by that key, so a repeat means rows that arrived some other way (a restored backup, a hand edit).
 * Derived from the contracts, so a source's key is written once.
 */
export function keyChecks(all: readonly SourceContract[] = contracts): CheckDefinition[] {
  return all.map((contract) => ({
    name: `unique_${contract.kind.replaceAll("-", "_")}`,
    description: `${contract.label}唯一（${contract.key.map((k) => label(contract, k)).join(" + ")}不重复）`,
    severity: "error",
    sql: `select ${contract.key.join(", ")}, count(*) as rows\nfrom ${contract.table}\ngroup by all\nhaving count(*) > 1`
  }));
}
