/** Column shapes shared by the table types: how values travel in and out of the database. */
import type { ColumnType } from 'kysely';

export type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp without a default, written as a Date or an ISO string and read back as a Date. */
export type Instant = ColumnType<Date, Date | string, Date | string>;
export type NullableInstant = ColumnType<Date | null, Date | string | null, Date | string | null>;
/** Calendar dates travel as 'YYYY-MM-DD' strings. */
export type CalendarDate = string;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;
/** A column with a database default: optional on insert. */
export type Defaulted<T> = ColumnType<T, T | undefined, T>;
export type JsonDefaulted<T> = ColumnType<T, string | T | undefined, string | T>;
