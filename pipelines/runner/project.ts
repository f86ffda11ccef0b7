import {z} from "zod";
import type {CheckDefinition} from "./checks.js";

/**
 * What the runner needs to know about a project of SQL models; it knows nothing else of the domain. A project is
 * a folder with one sub-folder per layer of `<model>.sql` files, each optionally described by `<model>.yml`
 * beside it (modelDescriptor), a macros file run before the models, and a folder of checks.
 */
export interface Project {
  /** Folder holding one sub-folder per layer. */
  dir: string;
  /** Layer folders in build order (a model may read models of its own or earlier layers). */
  layers: readonly string[];
  /** How a layer's models are built unless their descriptor says otherwise. */
  materializedByLayer: Record<string, Materialization>;
  /** SQL run before the models (the macros they call); part of every model's fingerprint. */
  macrosSql(): string;
  /** Folder of `<check>.sql` files: queries that return the failing rows. */
  checksDir: string;
  /** Checks derived from elsewhere (e.g. key uniqueness from source contracts), run with the files. */
  derivedChecks?(): CheckDefinition[];
  /**
   * Columns of input tables that change often and that only models naming them depend on: a model that never
   * names the column is fingerprinted without it, so it is not rebuilt when only that column moved.
   */
  volatileColumns?: Record<string, readonly string[]>;
}

export type Materialization = "view" | "table" | "incremental";

const columnDescriptor = z.union([
  z.string().min(1),
  z.strictObject({
    label: z.string().min(1),
    /** Code values the column holds, by their display names. */
    values: z.record(z.string(), z.string().min(1)).optional()
  })
]);

/**
 * `<model>.yml`, in the spirit of a dbt model's properties file: how it is built and what its columns mean.
 * YAML because it is what a dbt reader expects, reads without quotes or braces, takes comments, and any
 * language (the Spark port reads it from Python) parses it.
 */
export const modelDescriptor = z
  .strictObject({
    description: z.string().min(1).optional(),
    materialized: z.enum(["view", "table", "incremental"]).optional(),
    /**
     * Incremental models: the tables whose rows the model reads load by load (only the loads listed in the
     * pending-loads table). Their rows must only ever be inserted under a new load_id or deleted.
     */
    loads_of: z
      .array(z.string().regex(/^[a-z_][a-z0-9_]*$/))
      .min(1)
      .optional(),
    /** A title for people (a spreadsheet's sheet name); models with one are offered for export. */
    title: z.string().min(1).optional(),
    /** Columns that identify a row: a derived check asserts no two rows share them. */
    unique_key: z.array(z.string()).min(1).optional(),
    /** Column names → labels (and code values) for people: the column comments, export headers and pages. */
    columns: z.record(z.string(), columnDescriptor).optional()
  })
  .refine((d) => (d.materialized === "incremental") === (d.loads_of !== undefined), {
    message: "loads_of is required for an incremental model and only for one"
  });

export type ModelDescriptor = z.infer<typeof modelDescriptor>;
