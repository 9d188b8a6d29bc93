// Draws the app icon (teal rounded square, white ring around a white dot: a customer kept in the
// circle) and writes build/icons/icon.png (512x512) and build/icons/icon.ico (one 256x256 PNG).
// Only node:zlib: PNG = signature + IHDR + IDAT(deflate of filtered rows) + IEND.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];
const SAMPLES = 4; // 4x4 supersampling per pixel for smooth edges

/** Signed distance (in units of the icon size, 0..1) to a rounded square filling the canvas with a margin. */
function roundedSquare(x, y) {
  const half = 0.45;
  const radius = 0.1;
  const qx = Math.abs(x - 0.5) - (half - radius);
  const qy = Math.abs(y - 0.5) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Colour of one sample point: transparent outside, teal inside, white ring and dot on top. */
function sample(x, y) {
  if (roundedSquare(x, y) > 0) return null;
  const r = Math.hypot(x - 0.5, y - 0.5);
  const onRing = r > 0.22 && r < 0.29;
  const onDot = r < 0.09;
  return onRing || onDot ? WHITE : TEAL;
}

function render(size) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = sample((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        rgba[i] = Math.round(r / a);
        rgba[i + 1] = Math.round(g / a);
        rgba[i + 2] = Math.round(b / a);
        rgba[i + 3] = Math.round((255 * a) / (SAMPLES * SAMPLES));
      }
    }
  }
  return rgba;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function png(size) {
  const rgba = render(size);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO holding one PNG image; width/height 0 in the directory entry mean 256. */
export function ico(pngData) {
  const dir = Buffer.alloc(6 + 16);
  dir.writeUInt16LE(0, 0); // reserved
  dir.writeUInt16LE(1, 2); // type: icon
  dir.writeUInt16LE(1, 4); // image count
  dir[6] = 0; // width 256
  dir[7] = 0; // height 256
  dir[8] = 0; // no palette
  dir[9] = 0; // reserved
  dir.writeUInt16LE(1, 10); // colour planes
  dir.writeUInt16LE(32, 12); // bits per pixel
  dir.writeUInt32LE(pngData.length, 14);
  dir.writeUInt32LE(dir.length, 18); // image data offset
  return Buffer.concat([dir, pngData]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = fileURLToPath(new URL('../build/icons/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}icon.png`, png(512));
  writeFileSync(`${dir}icon.ico`, ico(png(256)));
  console.log('make-icon: wrote build/icons/icon.png (512x512) and build/icons/icon.ico (256x256)');
}
