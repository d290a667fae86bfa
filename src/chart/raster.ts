// An RGBA pixel buffer with the few drawing operations the charts need.
import { GLYPH_WIDTH, glyphPixels } from './glyphs.ts';

export type Color = readonly [number, number, number, number];

export class Raster {
  readonly data: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Color = [255, 255, 255, 255],
  ) {
    this.data = new Uint8Array(width * height * 4);
    this.fillRect(0, 0, width, height, background);
  }

  set(x: number, y: number, color: Color): void {
    const px = Math.round(x);
    const py = Math.round(y);
    if (px < 0 || py < 0 || px >= this.width || py >= this.height) return;
    this.data.set(color, (py * this.width + px) * 4);
  }

  get(x: number, y: number): Color {
    const at = (y * this.width + x) * 4;
    return [this.data[at] ?? 0, this.data[at + 1] ?? 0, this.data[at + 2] ?? 0, this.data[at + 3] ?? 0];
  }

  fillRect(x: number, y: number, w: number, h: number, color: Color): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let py = y0; py < y1; py++)
      for (let px = x0; px < x1; px++) this.data.set(color, (py * this.width + px) * 4);
  }

  /** A line `thickness` pixels wide (a square pen), Bresenham between rounded end points. */
  line(x0: number, y0: number, x1: number, y1: number, color: Color, thickness = 1): void {
    let x = Math.round(x0);
    let y = Math.round(y0);
    const xe = Math.round(x1);
    const ye = Math.round(y1);
    const dx = Math.abs(xe - x);
    const dy = -Math.abs(ye - y);
    const sx = x < xe ? 1 : -1;
    const sy = y < ye ? 1 : -1;
    let err = dx + dy;
    const half = Math.floor((thickness - 1) / 2);
    for (;;) {
      this.fillRect(x - half, y - half, thickness, thickness, color);
      if (x === xe && y === ye) break;
      const e2 = 2 * err;
      if (e2 >= dy) {
        err += dy;
        x += sx;
      }
      if (e2 <= dx) {
        err += dx;
        y += sy;
      }
    }
  }

  /** Text in the built-in 3x5 font, `scale` pixels per font pixel; returns the width drawn. */
  text(x: number, y: number, text: string, color: Color, scale = 2): number {
    let cx = Math.round(x);
    for (const char of text) {
      for (const [gx, gy] of glyphPixels(char))
        this.fillRect(cx + gx * scale, y + gy * scale, scale, scale, color);
      cx += (GLYPH_WIDTH + 1) * scale;
    }
    return cx - Math.round(x);
  }
}

export function textWidth(text: string, scale = 2): number {
  return [...text].length * (GLYPH_WIDTH + 1) * scale;
}
