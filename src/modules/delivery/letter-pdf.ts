/**
 * The delivered letter as a PDF, written with pdfkit in DejaVu fonts (every script a name may
 * be in; the same fonts as the share images, from npm). Signers arrive a page of rows at a time
 * and are drawn at once; pdfkit writes out each finished PDF page, and the writer waits while
 * what it has written is not yet taken, so memory stays flat for any number of signers.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Writable } from "node:stream";
import { finished } from "node:stream/promises";
import PDFDocument from "pdfkit";
import type { Translator } from "../../i18n/translator.ts";
import {
  type DeliveryGroup,
  type DeliverySigner,
  type LetterFacts,
  plainParagraphs,
  signerLine,
} from "./delivery.ts";

const fontDir = join(dirname(createRequire(import.meta.url).resolve("dejavu-fonts-ttf/package.json")), "ttf");
const fonts = { regular: join(fontDir, "DejaVuSans.ttf"), bold: join(fontDir, "DejaVuSans-Bold.ttf") };

/** What the PDF may hold unsent before the writer waits for its reader. */
const unsentLimit = 512 * 1024;
const margin = 56;
const columns = 3;
const rowHeight = 12;
const nameSize = 8.5;
const drawBetweenTurns = 100;

/** The words around the facts, in the letter's language. */
export function letterLabels(t: Translator) {
  return {
    unknown: t.t("delivery.letter.unknown"),
    signersHeading: t.t("delivery.letter.signersHeading"),
  };
}

async function drained(doc: PDFKit.PDFDocument, out: Writable): Promise<void> {
  while (doc.readableLength > unsentLimit) {
    if (out.destroyed) throw new Error("the letter's reader went away");
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Writes the letter to `out` (a file or a reply) and resolves once it is all written; rejects,
 * leaving `out` destroyed, if reading the signers fails.
 */
export async function writeLetterPdf(
  facts: LetterFacts,
  pages: AsyncIterable<{ group: DeliveryGroup; signers: DeliverySigner[] }>,
  out: Writable,
  t: Translator,
): Promise<void> {
  const doc = new PDFDocument({
    size: "LETTER",
    margin,
    lang: facts.locale,
    info: { Title: facts.title, Author: facts.sponsorName, Subject: t.t("delivery.letter.subject") },
  });
  doc.registerFont("regular", fonts.regular);
  doc.registerFont("bold", fonts.bold);
  doc.pipe(out);
  try {
    await drawLetter(doc, facts, pages, out, t);
    doc.end();
    await finished(out);
  } catch (error) {
    doc.unpipe(out);
    out.destroy(error as Error);
    throw error;
  }
}

async function drawLetter(
  doc: PDFKit.PDFDocument,
  facts: LetterFacts,
  pages: AsyncIterable<{ group: DeliveryGroup; signers: DeliverySigner[] }>,
  out: Writable,
  t: Translator,
) {
  const width = doc.page.width - 2 * margin;
  const bottom = () => doc.page.height - margin;
  doc.font("regular").fontSize(10).text(t.date(facts.date), { align: "right" });
  doc.moveDown();
  const { target } = facts;
  doc.font("bold").text(target.name);
  doc.font("regular");
  for (const line of [target.title, target.office, ...target.postalAddress.split(/\r?\n/)])
    if (line.trim() !== "") doc.text(line.trim());
  doc.moveDown(1.5);
  doc.font("bold").fontSize(16).text(facts.title);
  doc.moveDown(0.5);
  doc.font("regular").fontSize(11);
  for (const paragraph of plainParagraphs(facts.letterText)) doc.text(paragraph, { paragraphGap: 6 });
  doc.moveDown();
  doc.font("bold").text(t.t("delivery.letter.count", { count: facts.count }));
  doc.font("regular").text(t.t("delivery.letter.sponsor", { sponsor: facts.sponsorName }));
  if (facts.cosponsors.length > 0)
    doc.text(t.t("delivery.letter.cosponsors", { cosponsors: facts.cosponsors.join(", ") }));
  doc.text(t.t("delivery.letter.privacy"));
  doc.moveDown();
  doc.font("bold").fontSize(14).text(t.t("delivery.letter.signersHeading"));

  const labels = letterLabels(t);
  const columnWidth = width / columns;
  let state: string | null | undefined;
  let county: DeliveryGroup | undefined;
  let y = doc.y;
  let column = 0;
  const room = (height: number) => {
    if (y + height <= bottom()) return;
    doc.addPage();
    y = margin;
  };
  const heading = (text: string, size: number, gap: number) => {
    room(size + gap + rowHeight * 2);
    y += gap;
    doc.font("bold").fontSize(size).text(text, margin, y, { width, lineBreak: false });
    y += size + 6;
  };
  for await (const { group, signers } of pages) {
    if (group !== county) {
      if (column > 0) y += rowHeight;
      column = 0;
      if (group.stateName !== state) {
        state = group.stateName;
        heading(state ?? labels.unknown, 13, 10);
      }
      county = group;
      const place = group.countyName ?? labels.unknown;
      heading(t.t("delivery.letter.county", { county: place, count: group.count }), 10.5, 4);
      doc.font("regular").fontSize(nameSize);
    }
    for (const [i, signer] of signers.entries()) {
      // Drawing is synchronous: a turn of the event loop every so often keeps requests moving.
      if (i > 0 && i % drawBetweenTurns === 0) await new Promise((resolve) => setImmediate(resolve));
      if (column === 0) room(rowHeight);
      const x = margin + column * columnWidth;
      doc.text(fitted(doc, signerLine(signer), columnWidth - 8), x, y, { lineBreak: false });
      column += 1;
      if (column === columns) {
        column = 0;
        y += rowHeight;
      }
    }
    forgetLayouts(doc);
    await drained(doc, out);
  }
}

/**
 * pdfkit caches the layout of every word it has drawn, for the whole document: with a name per
 * line that cache grows with the signers. Emptied after each page of rows, it helps within the
 * page (cities, repeated names) and memory stays flat; without it, every word is laid out anew.
 */
function forgetLayouts(doc: PDFKit.PDFDocument): void {
  const fonts = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: object }> })
    ._fontFamilies;
  for (const font of Object.values(fonts ?? {})) if (font.layoutCache) font.layoutCache = Object.create(null);
}

/** The text cut with an ellipsis to fit `width` at the current font. */
function fitted(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text;
  let cut = text;
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}
