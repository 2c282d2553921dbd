import type { FormInstance } from 'antd';
import { ApiError } from './client';

/**
 * Puts a 400's issues on the form fields they name (`body.name` → name, `body.attributes.x` →
 * ['attributes','x']). Returns the message to show for whatever no field could take, if any.
 */
export function applyServerErrors(
  form: FormInstance,
  error: unknown,
  fieldMap: Record<string, string | (string | number)[]> = {},
): string | undefined {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  if (!error.issues.length) return error.message;
  const known = new Set([...Object.keys(form.getFieldsValue() ?? {}), ...Object.keys(form.getFieldsValue(true) ?? {})]);
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  const leftover: string[] = [];
  for (const issue of error.issues) {
    const path = issue.path.replace(/^body\.?/, '');
    const mapped = fieldMap[path] ?? fieldMap[path.split('.')[0]!];
    // List positions as numbers, the way Form.List names its rows.
    const name =
      mapped !== undefined
        ? Array.isArray(mapped)
          ? mapped
          : [mapped]
        : path
            .split('.')
            .filter(Boolean)
            .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const top = String(name[0] ?? '');
    if (!top || !known.has(top)) {
      leftover.push(`${issue.path} — ${issue.message}`);
      continue;
    }
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(issue.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()]);
  if (!leftover.length) return undefined;
  return byField.size ? leftover.join('; ') : error.message;
}

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));
