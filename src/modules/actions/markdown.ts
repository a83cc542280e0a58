/**
 * The safe Markdown subset used in action descriptions: paragraphs, `## headings`, `- lists`,
 * `1. lists`, **strong**, *emphasis* and [links](https://…). It parses into a small tree that
 * the views render as elements, so no HTML from the author ever reaches the page.
 */
export type Inline =
  | { type: "text"; text: string }
  | { type: "strong"; children: Inline[] }
  | { type: "em"; children: Inline[] }
  | { type: "link"; href: string; children: Inline[] };

export type Block =
  | { type: "paragraph"; children: Inline[] }
  | { type: "heading"; children: Inline[] }
  | { type: "list"; ordered: boolean; items: Inline[][] };

const inlinePattern = /\*\*([^*]+)\*\*|\*([^*]+)\*|_([^_]+)_|\[([^\]]+)\]\(([^)\s]+)\)/g;
const allowedLink = /^(https?:\/\/|mailto:)/i;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(inlinePattern)) {
    const index = match.index ?? 0;
    if (index > last) out.push({ type: "text", text: text.slice(last, index) });
    const [whole, strong, em1, em2, linkText, href] = match;
    if (strong !== undefined) out.push({ type: "strong", children: parseInline(strong) });
    else if (em1 !== undefined || em2 !== undefined)
      out.push({ type: "em", children: parseInline(em1 ?? em2 ?? "") });
    else if (linkText !== undefined && href !== undefined && allowedLink.test(href)) {
      out.push({ type: "link", href, children: parseInline(linkText) });
    } else out.push({ type: "text", text: whole });
    last = index + whole.length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last) });
  return out;
}

const bullet = /^\s*[-*]\s+/;
const numbered = /^\s*\d+[.)]\s+/;

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of source.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    const lines = chunk.split("\n").filter((line) => line.trim() !== "");
    if (lines.length === 0) continue;
    const first = lines[0]!;
    if (lines.every((line) => bullet.test(line)) || lines.every((line) => numbered.test(line))) {
      const ordered = numbered.test(first);
      const marker = ordered ? numbered : bullet;
      blocks.push({
        type: "list",
        ordered,
        items: lines.map((line) => parseInline(line.replace(marker, "").trim())),
      });
    } else if (lines.length === 1 && /^#{1,6}\s+/.test(first)) {
      blocks.push({ type: "heading", children: parseInline(first.replace(/^#{1,6}\s+/, "").trim()) });
    } else {
      blocks.push({ type: "paragraph", children: parseInline(lines.map((line) => line.trim()).join(" ")) });
    }
  }
  return blocks;
}
