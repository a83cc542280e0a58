/**
 * The share image (1200×630, the size Facebook, X and WhatsApp show large) as an SVG document,
 * rendered to PNG on our server. Preact writes it, so every text is escaped like any page's.
 * Our colours: the blue of links and the box, the orange of the focus ring, the page's ink.
 */
import { renderToString } from "preact-render-to-string";
import type { Translator } from "../../i18n/translator.ts";
import { fontFamily } from "../../modules/sharing/svg-to-png.ts";

export const shareImageSize = { width: 1200, height: 630 } as const;

const margin = 80;
const titleSize = 64;
const titleLeading = 78;
const maxTitleLines = 3;

export interface ShareImageProps {
  t: Translator;
  title: string;
  sponsorName: string;
  /** The rounded-down count, or null for an action whose signatures are taken elsewhere. */
  bucket: number | null;
  closed: boolean;
}

export function shareImageSvg({ t, title, sponsorName, bucket, closed }: ShareImageProps): string {
  const { width, height } = shareImageSize;
  const lines = wrapText(title, width - 2 * margin, titleSize, maxTitleLines);
  const status = closed
    ? t.t("share.closed")
    : bucket === null
      ? null
      : bucket === 0
        ? t.t("share.beFirst")
        : t.t("share.signatures", { count: bucket });
  const titleTop = 200;
  return renderToString(
    <svg xmlns="http://www.w3.org/2000/svg" width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <rect width={width} height={height} fill="#ffffff" />
      <rect width={width} height={24} fill="#0b4f8a" />
      <rect y={height - 24} width={width} height={24} fill="#0b4f8a" />
      <text x={margin} y={110} font-family={fontFamily} font-size={36} font-weight="bold" fill="#0b4f8a">
        {t.t("site.name")}
      </text>
      <text
        x={margin}
        y={titleTop}
        font-family={fontFamily}
        font-size={titleSize}
        font-weight="bold"
        fill="#1b1b1b"
      >
        {lines.map((line, i) => (
          <tspan x={margin} dy={i === 0 ? 0 : titleLeading}>
            {line}
          </tspan>
        ))}
      </text>
      <text x={margin} y={470} font-family={fontFamily} font-size={34} fill="#1b1b1b">
        {clip(t.t("share.by", { sponsor: sponsorName }), width - 2 * margin, 34)}
      </text>
      {status ? (
        <text x={margin} y={550} font-family={fontFamily} font-size={40} font-weight="bold" fill="#c2410c">
          {status}
        </text>
      ) : null}
    </svg>,
  );
}

/**
 * Roughly how wide `text` is at `fontSize` in DejaVu Sans Bold, in pixels. Good enough to break
 * lines (a line a little short is fine; none may run off the card, so wide letters count wide).
 */
function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const char of text) {
    if (/[iljtfrI.,;:'!|()[\] ]/.test(char)) ems += 0.38;
    else if (/[mwMW@]/.test(char)) ems += 1.0;
    else if (/[A-Z0-9]/.test(char) || char.length > 1 || char.charCodeAt(0) > 0x2fff) ems += 0.8;
    else ems += 0.7;
  }
  return ems * fontSize;
}

/**
 * Breaks `text` into at most `maxLines` lines that fit `width`, at spaces; when it does not fit,
 * the last line ends in an ellipsis (as does a single word longer than a line).
 */
export function wrapText(text: string, width: number, fontSize: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const word of text.trim().split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && textWidth(`${last} ${word}`, fontSize) <= width)
      lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines[maxLines - 1] = withEllipsis(lines[maxLines - 1]!, width, fontSize);
  }
  return lines.map((line) => clip(line, width, fontSize));
}

/** `text` cut to fit `width`, ending in an ellipsis when cut. */
function clip(text: string, width: number, fontSize: number): string {
  return textWidth(text, fontSize) <= width ? text : withEllipsis(text, width, fontSize);
}

/** `text` followed by an ellipsis, shortened until both fit `width`. */
function withEllipsis(text: string, width: number, fontSize: number): string {
  const chars = [...text];
  while (chars.length > 0 && textWidth(`${chars.join("").trimEnd()}…`, fontSize) > width) chars.pop();
  return `${chars.join("").trimEnd()}…`;
}
