import {expect} from "vitest";

/** A message a user can act on: one Chinese line, no stack trace, no DuckDB error text standing alone. */
export function expectCleanMessage(message: string | undefined, context?: string): void {
  expect(message, context).toBeTruthy();
  expect(message, context).not.toMatch(/\n/);
  expect(message, context).toMatch(/^[\u4e00-\u9fff“（]/u);
  expect(message, context).not.toMatch(
    /\bat .+:\d+:\d+|Stack Trace|INTERNAL|FATAL|(Out of Range|Conversion|Binder|Parser|Catalog|Invalid Input|IO) Error/
  );
}
