/**
 * Which text encoding a CSV file is in, from its first bytes. Spreadsheet tools save CSV as
 * UTF-8 (Excel's "CSV UTF-8" with a byte-order mark), UTF-16 ("Unicode text", with a BOM) and,
 * in China, GB18030/GBK (a superset of GB2312). Anything else — Latin-1 and the other single-byte
 * code pages — cannot be told apart from these reliably, so it is refused rather than guessed:
 * a wrong guess stores mojibake ("Société" as "Soci閠").
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Whether a GB18030 reading of the sample looks like Chinese text rather than a misread Latin-1 one. */
function plausibleGb18030(bytes: Uint8Array): boolean {
  let multibyte = 0;
  let suspicious = 0;
  const letter = (b: number | undefined) => b !== undefined && ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));
  for (let i = 0; i < bytes.length; i += 1) {
    const lead = bytes[i];
    if (lead < 0x80) continue;
    multibyte += 1;
    const trail = bytes[i + 1];
    if (trail >= 0x30 && trail <= 0x39) {
      i += 3; // a four-byte sequence
      continue;
    }
    // Chinese text is almost all GB2312 characters, both bytes 0xA1–0xFE. A Latin-1 accented letter
    // followed by an ASCII letter ("ül" in "Müller") reads as a GBK extension character whose second
    // byte is that letter, inside a Latin word: the signature of Latin-1 read as GB18030.
    if (letter(trail) && (letter(bytes[i - 1]) || letter(bytes[i + 2]))) suspicious += 1;
    i += 1;
  }
  return suspicious === 0 || suspicious * 20 < multibyte;
}

/** UTF-16 without a byte-order mark: ASCII text in it has a zero in every other byte. */
function utf16WithoutBom(bytes: Uint8Array): TextEncoding | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero += 1;
    if (bytes[i + 1] === 0) oddZero += 1;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return undefined;
}

const decodes = (encoding: TextEncoding, bytes: Uint8Array) => {
  try {
    // stream: a character cut at the end of the sample is not an error.
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
};

/**
 * The encoding of a file from its first bytes (a sample, e.g. 64 KiB), or undefined when it is
 * none of those read: a byte-order mark decides; otherwise valid UTF-8 is UTF-8, then UTF-16 by its
 * zero bytes, then GB18030 when it decodes without error and reads as Chinese text.
 */
export function detectEncoding(sample: Uint8Array): TextEncoding | undefined {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return decodes(utf16, sample) ? utf16 : undefined;
  if (decodes('utf-8', sample)) return 'utf-8';
  if (decodes('gb18030', sample) && plausibleGb18030(sample)) return 'gb18030';
  return undefined;
}
