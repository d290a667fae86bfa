// A strict little PNG reader for tests: checks the signature and every chunk CRC, inflates IDAT and
// undoes filter type 0 (the only one the encoder writes; anything else fails the test).
import { inflateSync } from 'node:zlib';
import { crc32 } from '../../src/chart/png.ts';

export interface DecodedPng {
  width: number;
  height: number;
  chunks: string[];
  pixel(x: number, y: number): [number, number, number, number];
}

export function decodePng(png: Buffer): DecodedPng {
  if (!png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    throw new Error('not a PNG signature');
  }
  let at = 8;
  const chunks: string[] = [];
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    const crc = png.readUInt32BE(at + 8 + length);
    if (crc !== crc32(type, data)) throw new Error(`bad CRC in ${type.toString('ascii')} chunk`);
    const name = type.toString('ascii');
    chunks.push(name);
    if (name === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[9] !== 6 || data[12] !== 0)
        throw new Error('expected 8-bit RGBA, no interlace');
    }
    if (name === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  if (raw.length !== (stride + 1) * height)
    throw new Error(`inflated ${raw.length} bytes, expected ${(stride + 1) * height}`);
  for (let y = 0; y < height; y++)
    if (raw[y * (stride + 1)] !== 0) throw new Error(`row ${y} uses filter ${raw[y * (stride + 1)]}`);
  return {
    width,
    height,
    chunks,
    pixel(x, y) {
      const i = y * (stride + 1) + 1 + x * 4;
      return [raw[i] ?? -1, raw[i + 1] ?? -1, raw[i + 2] ?? -1, raw[i + 3] ?? -1];
    },
  };
}
