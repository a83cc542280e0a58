/** Extra styles for organizer pages only, so the public action page stays small. */
import { createHash } from "node:crypto";

export const adminCss = `
nav.admin{display:flex;flex-wrap:wrap;gap:.25rem 1rem;margin:.75rem 0;font-size:.95rem}
select{display:block;font:inherit;padding:.45rem;border:1px solid #666;border-radius:4px;margin-top:.25rem;min-height:44px}
input[type=password],input[type=url],input[type=date],input[type=number]{display:block;width:100%;font:inherit;padding:.5rem;border:1px solid #666;border-radius:4px;margin-top:.25rem}
form.inline{display:inline-block;margin:0 .5rem .5rem 0}form.inline button{margin-top:.25rem}
button.secondary{background:#fff;color:#0b4f8a;border:2px solid #0b4f8a}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}
.table-wrap{overflow-x:auto}
fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem}legend{font-weight:700;padding:0 .25rem}
.chart{width:100%;height:auto;max-width:40rem}.chart rect{fill:#0b4f8a}.chart text{font-size:10px;fill:#333}
.stats{display:flex;flex-wrap:wrap;gap:1rem}.stats p{margin:0;padding:.5rem .75rem;background:#f4f6f8;border-radius:6px}
.pager{display:flex;gap:1rem;margin:1rem 0}
.badge{display:inline-block;padding:0 .4rem;border-radius:4px;background:#eef;font-size:.85rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`
  .trim()
  .replace(/\n/g, "");

export const adminCssHash = `'sha256-${createHash("sha256").update(adminCss).digest("base64")}'`;
