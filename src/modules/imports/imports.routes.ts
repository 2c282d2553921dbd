import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, invalidField } from '../../http/errors.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { IMPORT_KINDS, importOptionsSchema, importPreviewSchema, importsApi } from '../../shared/imports.js';
import type { ImportService } from './imports.service.js';
import { isSupportedFile } from './spreadsheet.js';

/** Largest upload accepted: a million-row CSV is a few hundred MB. */
export const MAX_UPLOAD_BYTES = 1024 ** 3;
const UPLOAD_DIR = path.join(os.tmpdir(), 'tenure-imports');

const kindParams = z.object({ kind: z.enum(IMPORT_KINDS) });
const templateParams = z.object({ file: z.string().regex(new RegExp(`^(${IMPORT_KINDS.join('|')})\\.(csv|xlsx)$`)) });

/**
 * Reads a multipart upload: the file goes to a temporary file on disk (never into memory), the
 * other fields are the import options — `map` (JSON object) and `outcome`.
 */
async function receive(request: FastifyRequest, maxBytes: number) {
  if (!request.isMultipart()) throw invalidField(['body', 'file'], 'errors.fileRequired');
  let file: { path: string; name: string } | undefined;
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 1, fields: 10 } })) {
      if (part.type === 'file') {
        if (!isSupportedFile(part.filename)) {
          part.file.resume();
          throw invalidField(['body', 'file'], 'errors.fileType');
        }
        fs.mkdirSync(UPLOAD_DIR, { recursive: true });
        const target = path.join(UPLOAD_DIR, `${randomUUID()}${path.extname(part.filename).toLowerCase()}`);
        file = { path: target, name: path.basename(part.filename) };
        await pipeline(part.file, fs.createWriteStream(target));
      } else {
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (file) fs.rmSync(file.path, { force: true });
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'file_too_large', 'imports.fileTooLarge', {
        max: `${Math.round(maxBytes / 1024 ** 2)} MB`,
      });
    }
    throw error;
  }
  if (!file) throw invalidField(['body', 'file'], 'errors.fileRequired');
  let map: unknown;
  let types: unknown;
  for (const field of ['map', 'types'] as const) {
    try {
      const parsed = fields[field] ? JSON.parse(fields[field]) : undefined;
      if (field === 'map') map = parsed;
      else types = parsed;
    } catch {
      fs.rmSync(file.path, { force: true });
      throw invalidField(['body', field], 'errors.importOptions');
    }
  }
  const options = importOptionsSchema.safeParse({ map, outcome: fields.outcome || undefined, types });
  if (!options.success) {
    fs.rmSync(file.path, { force: true });
    throw invalidField(['body', String(options.error.issues[0]?.path[0] ?? 'map')], 'errors.importOptions');
  }
  return { file, options: options.data };
}

export function importRoutes(root: App, { imports }: { imports: ImportService }, maxBytes = MAX_UPLOAD_BYTES) {
  // Multipart parsing only where uploads are expected.
  root.register(async (scope) => {
    await scope.register(multipart);
    const app = scope as unknown as App;

    app.post('/api/imports/:kind', {
      config: { access: 'write' },
      schema: {
        tags: ['imports'],
        summary:
          'Start importing a CSV or .xlsx file (multipart: file, optional map JSON and outcome); poll GET /api/imports/:id',
        consumes: ['multipart/form-data'],
        params: kindParams,
        response: { 202: z.object({ id: z.string() }) },
      },
      handler: async (request, reply) => {
        const { file, options } = await receive(request, maxBytes);
        const id = await imports.startJob(request.actor, request.params.kind, file.path, file.name, options);
        return reply.status(202).send({ id });
      },
    });

    app.post('/api/imports/:kind/preview', {
      config: { access: 'write' },
      schema: {
        tags: ['imports'],
        summary:
          'The first rows of a file, the suggested column mapping and the problems seen in them; nothing is stored',
        consumes: ['multipart/form-data'],
        params: kindParams,
        response: { 200: importPreviewSchema },
      },
      handler: async (request) => {
        const { file, options } = await receive(request, maxBytes);
        try {
          return await imports.preview(request.actor, request.params.kind, file.path, {
            ...options,
            locale: requestLocale(request),
          });
        } finally {
          fs.rmSync(file.path, { force: true });
        }
      },
    });
  });

  root.get('/api/imports/templates/:file', {
    config: { access: 'read' },
    schema: {
      tags: ['imports'],
      summary: 'A template file per kind (accounts.csv, usage.xlsx …): English headers and one example row',
      params: templateParams,
    },
    handler: async (request, reply) => {
      const [kind, format] = request.params.file.split('.') as [(typeof IMPORT_KINDS)[number], 'csv' | 'xlsx'];
      const file = await imports.template(kind, format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  });

  route(root, importsApi.job, {
    access: 'write',
    tags: ['imports'],
    summary: 'An import job: state, rows so far, bytes read of the total, and the report when done',
    handler: async (request) => imports.getJob(request.params.id, requestLocale(request)),
  });
}
