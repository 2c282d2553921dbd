import type { ResponseOf } from '@shared/endpoint';
import { type ImportKind, type ImportPreview, importsApi } from '@shared/imports';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';
import { uploadForm } from '../upload';

export type Job = ResponseOf<typeof importsApi.job>;

/** The first megabyte of a CSV is plenty for 20 rows; a workbook has to travel whole (it is a zip). */
const PREVIEW_BYTES = 1_000_000;

function importForm(file: Blob, fileName: string, map?: Record<string, string>) {
  const form = new FormData();
  if (map) form.append('map', JSON.stringify(map));
  form.append('file', file, fileName);
  return form;
}

export function usePreview() {
  return useMutation({
    meta: { toast: 'none', errors: 'own' },
    mutationFn: ({ kind, file, map }: { kind: ImportKind; file: File; map?: Record<string, string> }) => {
      const part = file.name.toLowerCase().endsWith('.xlsx') ? file : file.slice(0, PREVIEW_BYTES);
      return uploadForm<ImportPreview>(`/api/imports/${kind}/preview`, importForm(part, file.name, map));
    },
  });
}

export function useStartImport() {
  return useMutation({
    meta: { toast: 'none', errors: 'own' },
    mutationFn: ({
      kind,
      file,
      map,
      onProgress,
    }: {
      kind: ImportKind;
      file: File;
      map: Record<string, string>;
      onProgress: (fraction: number) => void;
    }) => uploadForm<{ id: string }>(`/api/imports/${kind}`, importForm(file, file.name, map), onProgress),
  });
}

/** An import job, polled every second while it runs. */
export function useImportJob(id: string | undefined) {
  const client = useQueryClient();
  return useQuery({
    queryKey: ['imports', id],
    enabled: Boolean(id),
    queryFn: async () => {
      const job = await call(importsApi.job, { params: { id: id! } });
      // What the import wrote shows up in the lists and the customer 360.
      if (job.state !== 'running')
        void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'imports' && q.queryKey[0] !== 'me' });
      return job;
    },
    refetchInterval: (query) => (query.state.data?.state === 'running' || !query.state.data ? 1000 : false),
  });
}
