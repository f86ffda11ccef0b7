// Framework 1.13 ships no type declarations; these describe the internals the source guard calls.
declare module "@observablehq/framework/dist/javascript/globals.js" {
  export const defaultGlobals: Set<string>;
}
declare module "@observablehq/framework/dist/libraries.js" {
  export function getImplicitInputImports(inputs: Iterable<string>): Set<string>;
  export function getImplicitFileImports(methods: Iterable<string>): Set<string>;
}
declare module "@observablehq/framework/dist/markdown.js" {
  export function createMarkdownIt(options?: object): unknown;
  export function parseMarkdown(input: string, options: {md: unknown; path: string}): unknown;
}
