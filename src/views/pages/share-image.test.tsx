import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/translator.ts";
import { svgToPng } from "../../modules/sharing/svg-to-png.ts";
import { shareImageSvg, wrapText } from "./share-image.tsx";

const props = { title: "Stop the thing", sponsorName: "Org", bucket: 100, closed: false };

/** The texts of the SVG's <text> and <tspan> elements, entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<(?:text|tspan)\b[^>]*>([^<]+)</g)].map((m) =>
    m[1]!
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&"),
  );
}

describe("wrapText", () => {
  it("keeps a short title on one line", () => {
    expect(wrapText("Stop the thing", 1040, 64, 3)).toEqual(["Stop the thing"]);
  });

  it("breaks at spaces into at most three lines and ends a cut title with an ellipsis", () => {
    const title = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    const lines = wrapText(title, 1040, 64, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]!.endsWith("…")).toBe(true);
    expect(lines.join(" ").replace("…", "")).toBe(title.slice(0, lines.join(" ").length - 1).trimEnd());
  });

  it("cuts a single word longer than a line", () => {
    const [line] = wrapText("x".repeat(200), 1040, 64, 3);
    expect(line!.endsWith("…")).toBe(true);
    expect(line!.length).toBeLessThan(200);
  });
});

describe("shareImageSvg", () => {
  it("shows the title, the sponsor and the count bucket in the page's language", () => {
    expect(texts(shareImageSvg({ t: translator("en"), ...props, bucket: 2500 }))).toEqual([
      "Juntos",
      "Stop the thing",
      "By Org",
      "2,500+ people have signed",
    ]);
    expect(texts(shareImageSvg({ t: translator("es"), ...props }))).toContain("100+ personas han firmado");
  });

  it("asks for the first names under 10 signatures, says when closed, and shows no count for an external action", () => {
    const t = translator("es");
    expect(texts(shareImageSvg({ t, ...props, bucket: 0 }))).toContain("Suma tu nombre");
    expect(texts(shareImageSvg({ t, ...props, closed: true }))).toContain("Esta acción está cerrada");
    expect(texts(shareImageSvg({ t, ...props, bucket: null }))).toEqual([
      "Juntos",
      "Stop the thing",
      "De Org",
    ]);
  });

  it("escapes markup in the title and the sponsor's name, and the result renders", async () => {
    const svg = shareImageSvg({
      t: translator("en"),
      ...props,
      title: `<script>alert(1)</script> & "quotes"`,
      sponsorName: `</text><image href="x.png"/>`,
    });
    expect(svg).not.toContain("<script");
    expect(svg).not.toContain("<image");
    expect(texts(svg)).toContain(`By </text><image href="x.png"/>`);
    const png = await svgToPng(svg);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });
});
