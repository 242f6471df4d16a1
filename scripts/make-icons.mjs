#!/usr/bin/env node
// Draws the AXIS CloudSync add-in icons (assets/icon-{16,32,64,80,128,192}.png,
// and assets/icon-outline-32.png: the white cloud alone on transparent, the
// unified manifest's outline icon)
// with no dependencies and no network: pixels are computed here and written
// as RGBA PNGs with node:zlib. Run `npm run icons` after changing the drawing.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SIZES = [16, 32, 64, 80, 128, 192];

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Coverage of one pixel by a shape, 4x4 supersampled (smooth edges).
function coverage(x, y, inside) {
  let n = 0;
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) if (inside(x + (i + 0.5) / 4, y + (j + 0.5) / 4)) n++;
  return n / 16;
}

function draw(size, outline = false) {
  const px = Buffer.alloc(size * size * 4);
  const s = size;
  const r = s * 0.2; // corner radius of the tile
  const tile = (x, y) => {
    const cx = Math.min(Math.max(x, r), s - r);
    const cy = Math.min(Math.max(y, r), s - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  // A cloud (three circles on a bar) with a keyhole: "CloudSync, locked".
  const cloud = (x, y) => {
    const u = x / s, v = y / s;
    const circ = (cx, cy, cr) => (u - cx) ** 2 + (v - cy) ** 2 <= cr * cr;
    const body = circ(0.36, 0.55, 0.17) || circ(0.56, 0.45, 0.21) || circ(0.72, 0.6, 0.13) ||
      (u >= 0.36 && u <= 0.72 && v >= 0.55 && v <= 0.73);
    const keyhole = circ(0.54, 0.55, 0.055) || (Math.abs(u - 0.54) <= 0.025 && v >= 0.55 && v <= 0.68);
    return body && !(s >= 32 && keyhole);
  };
  for (let y = 0; y < s; y++) {
    for (let x = 0; x < s; x++) {
      const a = coverage(x, y, tile);
      const w = coverage(x, y, cloud);
      // Blue #0F6CBD tile, slightly lighter at the top.
      const t = y / s;
      const br = 15 + 20 * (1 - t), bg = 108 + 25 * (1 - t), bb = 189 + 20 * (1 - t);
      const i = (y * s + x) * 4;
      if (outline) {
        px.fill(255, i, i + 3);
        px[i + 3] = Math.round(255 * w);
        continue;
      }
      px[i] = Math.round(br + (255 - br) * w);
      px[i + 1] = Math.round(bg + (255 - bg) * w);
      px[i + 2] = Math.round(bb + (255 - bb) * w);
      px[i + 3] = Math.round(255 * a);
    }
  }
  return px;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = join(root, 'assets');
  mkdirSync(out, { recursive: true });
  for (const size of SIZES) {
    const file = join(out, `icon-${size}.png`);
    writeFileSync(file, encodePng(size, draw(size)));
    console.log(`wrote ${file}`);
  }
  const outline = join(out, 'icon-outline-32.png');
  writeFileSync(outline, encodePng(32, draw(32, true)));
  console.log(`wrote ${outline}`);
}
