// Reading a spooled message: its header block, whether it needs 8BITMIME/SMTPUTF8, and the byte
// stream that goes out (prepended headers, then the file exactly as spooled).
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';

const HEADER_READ_LIMIT = 256 * 1024;

/** The header block up to and including the blank line (or the first 256 KB of a message without one). */
export async function readHeaderBlock(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(16 * 1024);
    while (total < HEADER_READ_LIMIT) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, total);
      if (bytesRead === 0) break;
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
      total += bytesRead;
      const joined = Buffer.concat(chunks);
      const end = headerEnd(joined);
      if (end >= 0) return joined.subarray(0, end);
    }
    return Buffer.concat(chunks).subarray(0, HEADER_READ_LIMIT);
  } finally {
    await handle.close();
  }
}

/** Index just past the CRLFCRLF that ends the header block, or -1. A message starting with a blank
 *  line has an empty header block. */
export function headerEnd(bytes: Buffer): number {
  if (bytes[0] === 0x0d && bytes[1] === 0x0a) return 2;
  const at = bytes.indexOf('\r\n\r\n');
  return at < 0 ? -1 : at + 4;
}

/** True when any byte is outside 7-bit ASCII: such a message needs BODY=8BITMIME at the next hop. */
export async function hasEightBitBytes(path: string): Promise<boolean> {
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) if ((chunk[i] as number) > 0x7f) return true;
  }
  return false;
}

/** True when an envelope address is not ASCII: such a message needs SMTPUTF8 at the next hop. */
export function needsSmtpUtf8(addresses: string[]): boolean {
  return addresses.some((a) => /[^ -~]/.test(a));
}

/** The outgoing message: `prefix` (header lines written by the relay) then the spooled bytes, read
 *  from `path` unless the spool still holds them in memory (`inMemory`, identical to the file).
 *  `onFirstChunk` sees the first chunk of the spooled file (its headers, in practice). */
export function messageStream(
  prefix: Buffer,
  path: string,
  onFirstChunk?: (chunk: Buffer) => void,
  inMemory?: Buffer,
): Readable {
  if (inMemory) {
    onFirstChunk?.(inMemory);
    return Readable.from(prefix.length > 0 ? [prefix, inMemory] : [inMemory], { objectMode: false });
  }
  async function* bytes(): AsyncGenerator<Buffer> {
    if (prefix.length > 0) yield prefix;
    let first = true;
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
      if (first) onFirstChunk?.(chunk);
      first = false;
      yield chunk;
    }
  }
  return Readable.from(bytes(), { objectMode: false });
}
