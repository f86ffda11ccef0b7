// @observablehq/inputs ships no type declarations; these cover the parts the site uses.
declare module "@observablehq/inputs" {
  type Format<T> = (value: any, index: number, data: readonly T[]) => string | Node;

  export interface TableOptions<T> {
    columns?: readonly string[];
    header?: Record<string, string | Node>;
    format?: Record<string, Format<T>>;
    align?: Record<string, "left" | "right" | "center">;
    width?: number | Record<string, number | string>;
    maxWidth?: number;
    maxHeight?: number | null;
    rows?: number;
    sort?: string;
    reverse?: boolean;
    select?: boolean;
    multiple?: boolean;
    layout?: "auto" | "fixed";
    required?: boolean;
  }
  export function table<T>(data: readonly T[], options?: TableOptions<T>): HTMLElement & {value: T[]};

  export interface SearchOptions<T> {
    label?: string | Node;
    placeholder?: string;
    /** the initial search text */
    query?: string;
    columns?: readonly string[];
    format?: (count: number) => string;
    datalist?: readonly string[];
    width?: number | string;
    filter?: (query: string) => (row: T) => boolean;
  }
  export function search<T>(data: readonly T[], options?: SearchOptions<T>): HTMLElement & {value: T[]};

  export interface SelectOptions<V> {
    label?: string | Node;
    value?: V;
    format?: (value: V) => string;
    multiple?: boolean;
    sort?: boolean | "ascending" | "descending";
    unique?: boolean;
    width?: number | string;
  }
  export function select<V>(data: readonly V[] | Map<string, V>, options?: SelectOptions<V>): HTMLElement & {value: V};
}
