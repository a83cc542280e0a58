/**
 * SVG to PNG through resvg, with the DejaVu fonts from npm and no system font: the image looks the
 * same on every machine, and a missing font cannot silently change it.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";

const fontDir = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");

/** The family every text of our SVGs names. */
export const fontFamily = "DejaVu Sans";

const options: ResvgRenderOptions = {
  font: {
    fontFiles: [join(fontDir, "DejaVuSans.ttf"), join(fontDir, "DejaVuSans-Bold.ttf")],
    loadSystemFonts: false,
    defaultFontFamily: fontFamily,
  },
  logLevel: "off",
};

export type SvgRenderer = (svg: string) => Promise<Buffer>;

/** Renders on libuv's thread pool (renderAsync), so the event loop keeps serving pages meanwhile. */
export const svgToPng: SvgRenderer = async (svg) => (await renderAsync(svg, options)).asPng();
