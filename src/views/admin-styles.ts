/** Extra styles for organizer pages only, so the public action page stays small. */
import { createHash } from "node:crypto";

export const adminCss = `
header,main,footer{max-width:80rem}
nav.admin{display:flex;flex-wrap:wrap;align-items:center;gap:.25rem 1rem;margin:.75rem 0;font-size:.95rem}
nav.account-bar form.inline{margin:0}nav.account-bar button{margin:0;padding:.3rem .8rem;min-height:44px}
main>form,main>div>form{max-width:44rem}
nav.sections{border-bottom:1px solid #ddd;padding-bottom:.5rem}nav.sections .org-name{font-weight:700}
nav.sections a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
details.switcher{position:relative}details.switcher summary{cursor:pointer;color:#0b4f8a;min-height:24px}
details.switcher ul{position:absolute;z-index:1;background:#fff;border:1px solid #ccc;border-radius:6px;margin:.25rem 0 0;padding:.5rem 1rem;list-style:none;min-width:14rem;max-height:60vh;overflow-y:auto}
details.switcher li{margin:.25rem 0}
.notice{border-left:6px solid #1a7f37;background:#eaf6ec;padding:.6rem .9rem;margin:1rem 0;font-weight:600}
.errors li{margin:.25rem 0}.errors a{color:#b00020;font-weight:600}
.empty{border:1px dashed #999;border-radius:6px;padding:.75rem 1rem;margin:1rem 0;background:#fafafa}
select{display:block;font:inherit;padding:.45rem;border:1px solid #666;border-radius:4px;margin-top:.25rem;min-height:44px;max-width:100%}
input[type=password],input[type=url],input[type=date],input[type=number]{display:block;width:100%;font:inherit;padding:.5rem;border:1px solid #666;border-radius:4px;margin-top:.25rem}
select[aria-invalid=true],input[aria-invalid=true]{border:2px solid #b00020}
form.inline{display:inline-block;margin:0 .5rem .5rem 0}form.inline button{margin-top:.25rem}
button.secondary{background:#fff;color:#0b4f8a;border:2px solid #0b4f8a}a.row-action{display:inline-flex;align-items:center;min-height:44px;padding:0 .5rem}
button.danger{background:#b00020;border-color:#b00020;color:#fff}
table{border-collapse:collapse;width:100%;font-size:.95rem}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:anywhere}
caption{text-align:left;font-weight:600;padding:.25rem 0}
@media(max-width:48rem){table.data thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.data,table.data tbody,table.data tr,table.data td{display:block;width:100%}
table.data tr{border:1px solid #ccc;border-radius:6px;margin:0 0 .75rem;padding:.25rem .5rem}
table.data td{border:0;padding:.25rem 0;display:grid;grid-template-columns:minmax(6rem,35%) 1fr;gap:.5rem}
table.data td::before{content:attr(data-label);font-weight:600}}
fieldset{border:1px solid #ccc;border-radius:6px;margin:1rem 0;padding:.5rem 1rem 1rem}legend{font-weight:700;padding:0 .25rem}
.chart{width:100%;height:auto;max-width:40rem}.chart rect{fill:#0b4f8a}.chart text{font-size:10px;fill:#333}
.stats{display:flex;flex-wrap:wrap;gap:1rem}.stats p{margin:0;padding:.5rem .75rem;background:#f4f6f8;border-radius:6px}
.pager{display:flex;gap:1rem;margin:1rem 0}
.badge{display:inline-block;padding:0 .4rem;border-radius:4px;background:#eef;font-size:.85rem}
.banner{background:#fff4e5;border:2px solid #b45309;border-radius:6px;padding:.5rem 1rem;margin:1rem 0;font-weight:600}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
`
  .trim()
  .replace(/\n/g, "");

export const adminCssHash = `'sha256-${createHash("sha256").update(adminCss).digest("base64")}'`;
