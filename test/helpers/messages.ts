import {expect} from "vitest";

/** A message a user can act on: one Chinese line, no stack trace, no DuckDB error text standing alone. */
export function expectCleanMessage(message: string | undefined): void {
  expect(message).toBeTruthy();
  expect(message).not.toMatch(/\n/);
  expect(message).toMatch(/^[\u4e00-\u9fff“（]/u);
  expect(message).not.toMatch(/\bat .+:\d+:\d+|Stack Trace|INTERNAL|FATAL|(Out of Range|Conversion|Binder|Parser|Catalog|Invalid Input|IO) Error/);
}
