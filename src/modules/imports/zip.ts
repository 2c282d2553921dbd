import fs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Reading a zip (an .xlsx workbook) by its central directory, the index at its end: every part is
 * found by name and opened on its own, in whatever order the reader needs, rather than walked front
 * to back. The limits check (xlsx-limits.ts) and the workbook reader (xlsx-reader.ts) both use it.
 */

export interface ZipEntry {
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
function centralDirectory(fd: number, fileSize: number): ZipEntry[] | undefined {
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
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n += 1) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) return undefined;
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const entry: ZipEntry = {
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

/** The zip's parts, from its central directory; undefined when the file is not a readable zip. */
export function zipEntries(file: string): ZipEntry[] | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    return centralDirectory(fd, fs.fstatSync(fd).size);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * One part's bytes, inflated as they stream; `onRead` hears each compressed chunk's length (for a
 * progress meter). Throws for a damaged entry or a compression method other than stored or deflate.
 */
export function openEntry(file: string, entry: ZipEntry, onRead?: (bytes: number) => void): Readable {
  const fd = fs.openSync(file, 'r');
  let local: Buffer;
  try {
    local = read(fd, 30, entry.localOffset);
  } finally {
    fs.closeSync(fd);
  }
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw new Error(`bad local header: ${entry.name}`);
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`unsupported compression: ${entry.name}`);
  const start = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.compressedSize === 0) return Readable.from([]);
  const source = fs.createReadStream(file, { start, end: start + entry.compressedSize - 1 });
  if (onRead) source.on('data', (chunk) => onRead(chunk.length));
  if (entry.method === 0) return source;
  const inflate = zlib.createInflateRaw();
  source.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => source.destroy());
  return source.pipe(inflate);
}
