import { renderToString } from "preact-render-to-string";
import { describe, expect, it } from "vitest";
import { Markdown } from "../../views/markdown.tsx";
import { parseInline, parseMarkdown } from "./markdown.ts";

const text = (t: string) => ({ type: "text", text: t });

describe("parseMarkdown", () => {
  it("splits paragraphs on blank lines and joins the lines inside one", () => {
    expect(parseMarkdown("First line\nsame paragraph.\r\n\r\nSecond.")).toEqual([
      { type: "paragraph", children: [text("First line same paragraph.")] },
      { type: "paragraph", children: [text("Second.")] },
    ]);
  });

  it("reads headings and both kinds of list", () => {
    expect(parseMarkdown("## What happened\n\n- one\n* two\n\n1. first\n2) second")).toEqual([
      { type: "heading", children: [text("What happened")] },
      { type: "list", ordered: false, items: [[text("one")], [text("two")]] },
      { type: "list", ordered: true, items: [[text("first")], [text("second")]] },
    ]);
  });

  it("keeps a block of mixed lines as one paragraph", () => {
    expect(parseMarkdown("- item\nnot an item")).toEqual([
      { type: "paragraph", children: [text("- item not an item")] },
    ]);
  });

  it("skips blank input", () => {
    expect(parseMarkdown("  \n\n \n")).toEqual([]);
  });
});

describe("parseInline", () => {
  it("reads strong and emphasis, nested inside links", () => {
    expect(parseInline("a **b** *c* _d_ [**e**](https://example.org/x)")).toEqual([
      text("a "),
      { type: "strong", children: [text("b")] },
      text(" "),
      { type: "em", children: [text("c")] },
      text(" "),
      { type: "em", children: [text("d")] },
      text(" "),
      { type: "link", href: "https://example.org/x", children: [{ type: "strong", children: [text("e")] }] },
    ]);
  });

  it.each(["http://example.org", "HTTPS://example.org/a?b=c", "mailto:office@example.org"])(
    "keeps a link to %s",
    (href) => {
      expect(parseInline(`[go](${href})`)).toEqual([{ type: "link", href, children: [text("go")] }]);
    },
  );

  it.each([
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "/relative",
    "ftp://example.org",
  ])("turns a link to %s back into plain text", (href) => {
    const source = `[click](${href})`;
    const nodes = parseInline(source);
    expect(nodes.some((node) => node.type === "link")).toBe(false);
    expect(nodes.map((node) => (node.type === "text" ? node.text : "")).join("")).toBe(source);
  });
});

describe("rendered Markdown", () => {
  it("escapes author HTML and never renders a script link", () => {
    const html = renderToString(
      Markdown({
        source:
          '<script>alert(1)</script> "quoted" [x](javascript:alert(1))\n\n[ok](https://example.org/?a=1&b="2")',
      }),
    );
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;script>alert(1)&lt;/script>");
    expect(html).not.toContain('href="javascript');
    expect(html).toContain(
      '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;" rel="noopener noreferrer nofollow">ok</a>',
    );
  });
});
