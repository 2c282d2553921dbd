import fs from 'node:fs';
import zlib from 'node:zlib';

/**
 * An .xlsx file is a zip: 100 KB of upload can unpack to gigabytes (a "zip bomb"). ExcelJS holds
 * every part but the worksheets in memory while it reads (the shared-string table — every distinct
 * text — styles, the workbook), so those are limited before it sees the file; worksheets stream.
 * The sizes a zip declares can lie, so the parts held in memory are also inflated once here, to
 * nowhere, stopping at the limit — a few hundred milliseconds at most, no memory.
 */
export const MAX_XLSX_HELD_BYTES = 50 * 1024 ** 2;
export const MAX_XLSX_SHEET_BYTES = 4 * 1024 ** 3;

/** Why a workbook is refused before ExcelJS reads it; the caller turns it into a SheetError. */
export type XlsxProblem = 'imports.unreadable' | 'imports.expandedTooLarge';

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_DIRECTORY = 64 * 1024 ** 2;

const read = (fd: number, length: number, position: number) => {
  const buffer = Buffer.alloc(length);
  const got = fs.readSync(fd, buffer, 0, length, position);
  return buffer.subarray(0, got);
};

/** The zip's central directory: every entry's name, method and declared sizes (ZIP64 included). */
function centralDirectory(fd: number, fileSize: number): Entry[] | undefined {
  const tailLength = Math.min(fileSize, 22 + 65_535);
  const tail = read(fd, tailLength, fileSize - tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i -= 1)
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  if (at < 0) return undefined;
  let count = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    if (at < 20 || tail.readUInt32LE(at - 20) !== ZIP64_LOCATOR) return undefined;
    const z = read(fd, 56, Number(tail.readBigUInt64LE(at - 20 + 8)));
    if (z.length < 56 || z.readUInt32LE(0) !== ZIP64_EOCD) return undefined;
    count = Number(z.readBigUInt64LE(32));
    size = Number(z.readBigUInt64LE(40));
    offset = Number(z.readBigUInt64LE(48));
  }
  if (size > MAX_DIRECTORY || offset + size > fileSize) return undefined;
  const directory = read(fd, size, offset);
  const entries: Entry[] = [];
  let p = 0;
  for (let n = 0; n < count; n += 1) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) return undefined;
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const entry: Entry = {
      name: directory.toString('utf8', p + 46, p + 46 + nameLength),
      method: directory.readUInt16LE(p + 10),
      compressedSize: directory.readUInt32LE(p + 20),
      size: directory.readUInt32LE(p + 24),
      localOffset: directory.readUInt32LE(p + 42),
    };
    // ZIP64 extra field (id 1): the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
    for (let e = p + 46 + nameLength; e + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = directory.readUInt16LE(e);
      const length = directory.readUInt16LE(e + 2);
      if (id === 1) {
        let f = e + 4;
        for (const field of ['size', 'compressedSize', 'localOffset'] as const) {
          if (entry[field] !== 0xffffffff || f + 8 > e + 4 + length) continue;
          entry[field] = Number(directory.readBigUInt64LE(f));
          f += 8;
        }
      }
      e += 4 + length;
    }
    entries.push(entry);
    p += 46 + nameLength + extraLength + directory.readUInt16LE(p + 32);
  }
  return entries;
}

/** Inflates an entry without keeping it: its real size, or undefined as soon as it passes `limit`. */
async function inflatedSize(file: string, fd: number, entry: Entry, limit: number): Promise<number | undefined> {
  const local = read(fd, 30, entry.localOffset);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new Error('bad local header');
  if (entry.compressedSize === 0) return 0;
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const source = fs.createReadStream(file, { start, end: start + entry.compressedSize - 1 });
  if (entry.method === 0) {
    source.destroy();
    return entry.compressedSize <= limit ? entry.compressedSize : undefined;
  }
  if (entry.method !== 8) throw new Error('unsupported compression');
  const inflate = zlib.createInflateRaw();
  let total = 0;
  try {
    for await (const chunk of source.pipe(inflate) as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) return undefined;
    }
    return total;
  } finally {
    source.destroy();
    inflate.destroy();
  }
}

/**
 * Checks an .xlsx file before it is read: undefined when it may be read, otherwise why not —
 * not a zip at all, or parts that would unpack past the limits.
 */
export async function checkXlsx(
  file: string,
  limits = { held: MAX_XLSX_HELD_BYTES, sheets: MAX_XLSX_SHEET_BYTES },
): Promise<XlsxProblem | undefined> {
  const fd = fs.openSync(file, 'r');
  try {
    const entries = centralDirectory(fd, fs.fstatSync(fd).size);
    if (!entries) return 'imports.unreadable';
    const sheets = entries.filter((e) => /^xl\/worksheets\/[^/]+\.xml$/i.test(e.name));
    const held = entries.filter((e) => !sheets.includes(e) && !e.name.endsWith('/'));
    if (sheets.reduce((sum, e) => sum + e.size, 0) > limits.sheets) return 'imports.expandedTooLarge';
    if (held.reduce((sum, e) => sum + e.size, 0) > limits.held) return 'imports.expandedTooLarge';
    let budget = limits.held;
    for (const entry of held) {
      const size = await inflatedSize(file, fd, entry, budget);
      if (size === undefined) return 'imports.expandedTooLarge';
      budget -= size;
    }
    return undefined;
  } catch {
    return 'imports.unreadable';
  } finally {
    fs.closeSync(fd);
  }
}
