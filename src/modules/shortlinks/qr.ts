/**
 * QR codes drawn on our server from qrcode-generator's module matrix: SVG for screens and
 * designers, PNG for print. Both have the four-module quiet zone the standard asks for, black on
 * white, and error correction level M (a code on a creased or dirty flyer still reads).
 */
import { crc32, deflateSync } from "node:zlib";
import qrcode from "qrcode-generator";

/** Modules of white around the code, as the QR standard requires for readers to find it. */
export const quietZone = 4;
/**
 * Pixels per module in the PNG: a short link's code (25–33 modules) comes out at 660–820 pixels,
 * about 6–7 cm at the 300 dpi the PNG declares, large enough for a poster or a flyer corner.
 */
export const pngScale = 20;
const dotsPerMeter = Math.round(300 / 0.0254);

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  isDark(row: number, column: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const code = qrcode(0, "M");
  code.addData(text, "Byte");
  code.make();
  return { size: code.getModuleCount(), isDark: (row, column) => code.isDark(row, column) };
}

/** One path of unit squares in a viewBox of modules; it scales to any size without blurring. */
export function qrSvg(text: string): string {
  const { size, isDark } = qrMatrix(text);
  const side = size + 2 * quietZone;
  let path = "";
  for (let row = 0; row < size; row++)
    for (let column = 0; column < size; column++)
      if (isDark(row, column)) path += `M${column + quietZone} ${row + quietZone}h1v1h-1z`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * 8}" ` +
    `height="${side * 8}" shape-rendering="crispEdges">` +
    `<rect width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`
  );
}

/** An 8-bit greyscale PNG: signature, IHDR, pHYs (300 dpi), one zlib-compressed IDAT, IEND. */
export function qrPng(text: string): Buffer {
  const { size, isDark } = qrMatrix(text);
  const side = (size + 2 * quietZone) * pngScale;
  // Each scanline starts with its filter type (0: none); 255 is white, 0 black.
  const rowBytes = side + 1;
  const pixels = Buffer.alloc(rowBytes * side, 255);
  for (let y = 0; y < side; y++) {
    pixels[y * rowBytes] = 0;
    const row = Math.floor(y / pngScale) - quietZone;
    if (row < 0 || row >= size) continue;
    for (let column = 0; column < size; column++) {
      if (!isDark(row, column)) continue;
      const start = y * rowBytes + 1 + (column + quietZone) * pngScale;
      pixels.fill(0, start, start + pngScale);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  // Bytes 10–12: compression, filter and interlace methods, all 0.
  const density = Buffer.alloc(9);
  density.writeUInt32BE(dotsPerMeter, 0);
  density.writeUInt32BE(dotsPerMeter, 4);
  density[8] = 1; // the unit is the metre
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("pHYs", density),
    pngChunk("IDAT", deflateSync(pixels, { level: 9 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Length, type, data, and the CRC-32 of type and data. */
function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const chunk = Buffer.alloc(8 + typeAndData.length);
  chunk.writeUInt32BE(data.length, 0);
  typeAndData.copy(chunk, 4);
  chunk.writeUInt32BE(crc32(typeAndData), 4 + typeAndData.length);
  return chunk;
}
