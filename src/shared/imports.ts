import { z } from 'zod';
import { endpoint } from './endpoint.js';

/** What a spreadsheet import can hold — shared by the API, the CLI and the web UI. */
export const IMPORT_KINDS = ['accounts', 'contacts', 'subscriptions', 'usage', 'tickets', 'nps'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Mapping targets besides a Tenure column: drop the column, or keep it as a custom attribute (accounts). */
export const IGNORE_TARGET = 'ignore';
export const ATTRIBUTE_TARGET = 'attribute';

export const columnTypes = [
  'text',
  'integer',
  'number',
  'money',
  'currency',
  'date',
  'datetime',
  'enum',
  'boolean',
  'email',
] as const;

export const importColumnSchema = z.object({
  name: z.string(),
  required: z.boolean(),
  type: z.enum(columnTypes),
  allowed: z.array(z.string()).optional(),
  aliases: z.array(z.string()),
  example: z.string(),
});
export type ImportColumn = z.infer<typeof importColumnSchema>;

export const refusedSchema = z.object({
  line: z.number().int(),
  column: z.string().nullable(),
  reason: z.string(),
  params: z.record(z.string(), z.unknown()).optional(),
  message: z.string(),
});

export const importReportSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  /** Data rows read (the header not counted). */
  rows: z.number().int(),
  /** Rows stored; rows − imported were refused. */
  imported: z.number().int(),
  refusedRows: z.number().int(),
  /** One entry per problem (a row may have several), the first 10,000. */
  refused: z.array(refusedSchema),
  refusedTruncated: z.boolean(),
  /** External ids of accounts the import created (the first 1,000), and how many in all. */
  createdAccounts: z.array(z.string()),
  createdAccountCount: z.number().int(),
  /** Accounts: how each custom attribute column was typed from its values. */
  attributeTypes: z.record(z.string(), z.enum(['numeric', 'categorical'])).optional(),
  /** Source columns left out (not a Tenure column of this kind, or mapped to "ignore"). */
  ignoredColumns: z.array(z.string()),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const importJobSchema = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KINDS),
  fileName: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  rows: z.number().int(),
  imported: z.number().int(),
  readBytes: z.number(),
  totalBytes: z.number(),
  error: z.string().nullable(),
  report: importReportSchema.nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const importPreviewSchema = z.object({
  kind: z.enum(IMPORT_KINDS),
  /** The file's header cells as written. */
  headers: z.array(z.string()),
  /** Source header → suggested target: a Tenure column, "attribute" or "ignore". */
  mapping: z.record(z.string(), z.string()),
  /** The first rows, cells in header order. */
  rows: z.array(z.object({ line: z.number().int(), cells: z.array(z.string()) })),
  columns: z.array(importColumnSchema),
  /** Whether columns Tenure does not know become custom attributes. */
  attributes: z.boolean(),
  /** Missing or doubled columns and the problems of the rows shown, each with its message. */
  problems: z.array(refusedSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/** The optional form fields of an upload: a column mapping and, for accounts, the outcome column. */
export const importOptionsSchema = z.object({
  map: z.record(z.string().min(1).max(200), z.string().min(1).max(200)).optional(),
  outcome: z.string().trim().min(1).max(200).optional(),
  /** Accounts: custom attribute column → its type, overriding the guess from the values. */
  types: z.record(z.string().min(1).max(200), z.enum(['numeric', 'categorical'])).optional(),
});

/**
 * The JSON side of imports (src/shared/endpoint.ts). The uploads (multipart) and the template files
 * are not JSON and stay registered by hand in the imports module.
 */
export const importsApi = {
  job: endpoint({
    method: 'GET',
    path: '/api/imports/:id',
    params: z.object({ id: z.uuid() }),
    response: importJobSchema,
  }),
};
