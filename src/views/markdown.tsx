/** Renders the safe Markdown tree as elements: author text is always escaped by Preact. */
import type { Block, Inline } from "../modules/actions/markdown.ts";
import { parseMarkdown } from "../modules/actions/markdown.ts";

function Inlines({ nodes }: { nodes: Inline[] }) {
  return (
    <>
      {nodes.map((node) => {
        switch (node.type) {
          case "text":
            return node.text;
          case "strong":
            return (
              <strong>
                <Inlines nodes={node.children} />
              </strong>
            );
          case "em":
            return (
              <em>
                <Inlines nodes={node.children} />
              </em>
            );
          default:
            return (
              <a href={node.href} rel="noopener noreferrer nofollow">
                <Inlines nodes={node.children} />
              </a>
            );
        }
      })}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  if (block.type === "heading") {
    return (
      <h3>
        <Inlines nodes={block.children} />
      </h3>
    );
  }
  if (block.type === "list") {
    const items = block.items.map((item) => (
      <li>
        <Inlines nodes={item} />
      </li>
    ));
    return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
  }
  return (
    <p>
      <Inlines nodes={block.children} />
    </p>
  );
}

export function Markdown({ source }: { source: string }) {
  return (
    <>
      {parseMarkdown(source).map((block) => (
        <BlockView block={block} />
      ))}
    </>
  );
}
