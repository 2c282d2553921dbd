import { z } from 'zod';
import { zonedToUtc } from '../../shared/zoned-time.js';
import type { RowError } from './import.types.js';

/**
 * Cell parsers shared by every kind. Each reads one column of one row; a blank cell is
 * `undefined` (the stored value is left as it is), a bad one records a RowError naming the
 * column and the catalog key of the reason.
 */
const isoDate = z.iso.date();
const email = z.email();

/** Enum spellings people use, by lower-case cell text (English, Chinese, with spaces or hyphens). */
export type Aliases<T extends string> = Record<string, T>;
export function enumAliases<T extends string>(values: readonly T[], extra: Record<string, T> = {}): Aliases<T> {
  const map: Record<string, T> = {};
  for (const v of values) {
    map[v] = v;
    map[v.replace(/_/g, ' ')] = v;
    map[v.replace(/_/g, '-')] = v;
  }
  for (const [k, v] of Object.entries(extra)) map[k.toLowerCase()] = v;
  return map;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 't', '是', '对', '真']);
const FALSE = new Set(['false', 'no', 'n', '0', 'f', '否', '不是', '假']);

/** "Yes"/"No", true/false, 1/0, 是/否 — undefined when it is none of them. */
export function parseBoolean(text: string): boolean | undefined {
  const v = text.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}

/** A plain decimal number as spreadsheets write it; leading zeros ("007") make it a code, not a number. */
export function isNumeric(text: string): boolean {
  return /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) && Number.isFinite(Number(text));
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A date (midnight) or a date and time, in ISO form: "2024-03-01", "2024-03-01 14:30",
 * "2024-03-01T14:30:00+08:00". Without an offset the time is the organisation's.
 */
export function parseTimestamp(text: string, timeZone: string): Date | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m || !isoDate.safeParse(m[1]).success) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', offset] = m;
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  if (offset) {
    const normalised = offset.toUpperCase() === 'Z' ? 'Z' : `${offset.slice(0, 3)}:${offset.slice(-2)}`;
    const at = new Date(`${date}T${hh}:${mm}:${ss}${normalised}`);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  const [y, mo, d] = date.split('-').map(Number);
  return zonedToUtc(y, mo, d, Number(hh), Number(mm), Number(ss), timeZone);
}

/** Reads the cells of one row, collecting every problem with its column. */
export class RowReader {
  readonly errors: RowError[] = [];

  constructor(
    readonly line: number,
    private readonly v: Record<string, string>,
  ) {}

  fail(column: string, reason: string, params: Record<string, unknown> = {}) {
    this.errors.push({ line: this.line, column, reason, params });
  }

  has(column: string) {
    return Boolean(this.v[column]);
  }

  raw(column: string) {
    return this.v[column] ?? '';
  }

  private blank(column: string, required: boolean) {
    if (this.v[column]) return false;
    if (required) this.fail(column, 'imports.required');
    return true;
  }

  text(column: string, { required = false, max = 200 } = {}): string | undefined {
    if (this.blank(column, required)) return undefined;
    const value = this.v[column];
    if (value.length > max) {
      this.fail(column, 'imports.tooLong', { max });
      return undefined;
    }
    return value;
  }

  integer(column: string, { required = false, min = 0, max = 2_147_483_647 } = {}): number | undefined {
    if (this.blank(column, required)) return undefined;
    const text = this.v[column].replace(/[,\s_]/g, '');
    const n = /^-?\d+(\.0+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(n) || n < min || n > max) {
      if (n < 0 && min >= 0) this.fail(column, 'imports.negative', { value: this.v[column] });
      else this.fail(column, 'imports.badInteger', { value: this.v[column], min, max });
      return undefined;
    }
    return n;
  }

  date(column: string, { required = false } = {}): string | undefined {
    if (this.blank(column, required)) return undefined;
    if (!isoDate.safeParse(this.v[column]).success) {
      this.fail(column, 'imports.badDate', { value: this.v[column] });
      return undefined;
    }
    return this.v[column];
  }

  timestamp(column: string, timeZone: string, { required = false } = {}): Date | undefined {
    if (this.blank(column, required)) return undefined;
    const at = parseTimestamp(this.v[column], timeZone);
    if (!at) this.fail(column, 'imports.badTimestamp', { value: this.v[column] });
    return at;
  }

  oneOf<T extends string>(
    column: string,
    aliases: Aliases<T>,
    allowed: readonly T[],
    { required = false } = {},
  ): T | undefined {
    if (this.blank(column, required)) return undefined;
    const value = aliases[this.v[column].toLowerCase().replace(/\s+/g, ' ')];
    if (!value) this.fail(column, 'imports.badEnum', { value: this.v[column], allowed: allowed.join(', ') });
    return value;
  }

  boolean(column: string, { required = false } = {}): boolean | undefined {
    if (this.blank(column, required)) return undefined;
    const value = parseBoolean(this.v[column]);
    if (value === undefined) this.fail(column, 'imports.badBoolean', { value: this.v[column] });
    return value;
  }

  email(column: string, { required = false } = {}): string | undefined {
    if (this.blank(column, required)) return undefined;
    const value = this.v[column];
    if (value.length > 200 || !email.safeParse(value).success) {
      this.fail(column, 'imports.badEmail', { value });
      return undefined;
    }
    return value;
  }
}
