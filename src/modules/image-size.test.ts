import { describe, expect, it } from "vitest";
import { fitInside, imageSize } from "./image-size.ts";

const u16be = (n: number) => [n >> 8, n & 0xff];
const u16le = (n: number) => [n & 0xff, n >> 8];
const u24le = (n: number) => [n & 0xff, (n >> 8) & 0xff, n >> 16];
const u32be = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const ascii = (text: string) => [...Buffer.from(text, "latin1")];
const webp = (chunk: string, body: number[]) =>
  Buffer.from([
    ...ascii("RIFF"),
    0,
    0,
    0,
    0,
    ...ascii("WEBP"),
    ...ascii(chunk),
    0,
    0,
    0,
    0,
    ...body,
    ...Array(16).fill(0),
  ]);

describe("imageSize", () => {
  it("reads a PNG's header", () => {
    const png = Buffer.from([
      0x89,
      ...ascii("PNG\r\n\x1a\n"),
      0,
      0,
      0,
      13,
      ...ascii("IHDR"),
      ...u32be(320),
      ...u32be(80),
      8,
      6,
      0,
      0,
      0,
    ]);
    expect(imageSize(png)).toEqual({ width: 320, height: 80 });
  });

  it("walks a JPEG's segments to its frame header", () => {
    const app0 = [0xff, 0xe0, ...u16be(16), ...ascii("JFIF\0"), ...Array(9).fill(0)];
    const dht = [0xff, 0xc4, ...u16be(4), 0, 0];
    const sof2 = [0xff, 0xc2, ...u16be(17), 8, ...u16be(90), ...u16be(300), 3, ...Array(9).fill(0)];
    expect(imageSize(Buffer.from([0xff, 0xd8, ...app0, ...dht, ...sof2]))).toEqual({
      width: 300,
      height: 90,
    });
  });

  it("reads lossy, lossless and extended WebP headers", () => {
    expect(imageSize(webp("VP8 ", [0, 0, 0, 0x9d, 0x01, 0x2a, ...u16le(640), ...u16le(160)]))).toEqual({
      width: 640,
      height: 160,
    });
    const bits = (200 - 1) | ((50 - 1) << 14);
    expect(
      imageSize(webp("VP8L", [0x2f, bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, bits >>> 24])),
    ).toEqual({ width: 200, height: 50 });
    expect(imageSize(webp("VP8X", [0, 0, 0, 0, ...u24le(999), ...u24le(99)]))).toEqual({
      width: 1000,
      height: 100,
    });
  });

  it("knows nothing of other bytes", () => {
    expect(imageSize(Buffer.from("GIF89a and then some more bytes"))).toBeUndefined();
    expect(imageSize(Buffer.from([0xff, 0xd8, 0x00, 0x00]))).toBeUndefined();
  });
});

describe("fitInside", () => {
  it("scales down to the box keeping proportions, and never up", () => {
    expect(fitInside({ width: 320, height: 80 }, { width: 160, height: 64 })).toEqual({
      width: 160,
      height: 40,
    });
    expect(fitInside({ width: 100, height: 400 }, { width: 160, height: 64 })).toEqual({
      width: 16,
      height: 64,
    });
    expect(fitInside({ width: 20, height: 10 }, { width: 160, height: 64 })).toEqual({
      width: 20,
      height: 10,
    });
  });
});
