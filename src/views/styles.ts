/**
 * The whole stylesheet, inlined in every page so the first round trip paints it. System fonts,
 * no images. Its hash goes into the Content-Security-Policy (no 'unsafe-inline').
 */
import { createHash } from "node:crypto";

export const css = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:1.0625rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
a{color:#0b4f8a}a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:3px solid #c2410c;outline-offset:2px}
.skip{position:absolute;left:-999px}.skip:focus{left:.5rem;top:.5rem;background:#fff;padding:.5rem}
header,main,footer{max-width:42rem;margin:0 auto;padding:0 1rem}
header{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding-top:.75rem;padding-bottom:.75rem;border-bottom:1px solid #ddd}
header .brand{font-weight:700;text-decoration:none;color:#1b1b1b;font-size:1.2rem}
header .lang{min-height:24px;padding:.25rem .5rem}
footer{margin-top:3rem;padding-top:1rem;padding-bottom:2rem;border-top:1px solid #ddd;font-size:.9rem;color:#555}
h1{font-size:1.6rem;line-height:1.2;margin:1.25rem 0 .5rem}h2{font-size:1.25rem;margin:1.75rem 0 .5rem}h3{font-size:1.1rem}
.summary{font-size:1.1rem}
dl.facts{margin:1rem 0;padding:.75rem;background:#f4f6f8;border-radius:6px}
dl.facts dt{font-weight:600}dl.facts dd{margin:0 0 .5rem;overflow-wrap:anywhere}dl.facts dd:last-child{margin:0}
@media(min-width:32rem){dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dl.facts dd{margin:0}}
.count{font-size:1.2rem;font-weight:700;margin:.5rem 0 .25rem}
progress{width:100%;height:.75rem}
.box{border:2px solid #0b4f8a;border-radius:8px;padding:1rem;margin:1.25rem 0}
.box h2{margin-top:0}
label{display:block;font-weight:600;margin-top:.75rem}
input[type=text],input[type=email],input[type=url],textarea{display:block;width:100%;font:inherit;padding:.5rem;border:1px solid #666;border-radius:4px;margin-top:.25rem}
input[aria-invalid=true],textarea[aria-invalid=true]{border:2px solid #b00020}
.check{display:flex;gap:.5rem;align-items:flex-start;font-weight:400}.check input{width:24px;height:24px;margin:0;flex:none}
button,.button{display:inline-block;font:inherit;font-weight:700;margin-top:1rem;padding:.65rem 1.5rem;min-height:44px;border:0;border-radius:6px;background:#0b4f8a;color:#fff;text-decoration:none;cursor:pointer}
.field-error{color:#b00020;font-weight:600;margin:.25rem 0 0}
.errors{border:3px solid #b00020;padding:.75rem 1rem;margin:1rem 0;border-radius:6px}.errors h2{margin:0 0 .5rem;font-size:1.1rem}
.note{font-size:.95rem;color:#444}
.consents{border:0;padding:0;margin:1rem 0 0}.consents legend{padding:0;margin-bottom:.25rem}.partner{border-left:4px solid #0b5;padding:.25rem .75rem}
.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
ul.cosponsors{columns:2 14rem;padding-left:1.2rem}ul.cosponsors img{display:block;max-width:100%;height:auto}
ul.actions{list-style:none;padding:0}ul.actions li{border-bottom:1px solid #ddd;padding:1rem 0}
ul.actions h2{margin:.25rem 0}.meta{color:#555;font-size:.95rem;margin:0}
ul.share{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}ul.share a{display:inline-block;padding:.5rem .75rem;border:1px solid #0b4f8a;border-radius:6px;min-height:44px}
blockquote{margin:1rem 0;padding:.5rem 1rem;border-left:4px solid #ccc;background:#fafafa}
pre{white-space:pre-wrap;overflow-wrap:anywhere}code{overflow-wrap:anywhere}
.commenter{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem;margin:1rem 0}.commenter p{margin:0}.commenter form{margin:0}
.commenter button,.vote button{margin:0;padding:.25rem .75rem;min-height:32px;font-weight:600;background:#fff;color:#0b4f8a;border:1px solid #0b4f8a}.vote{margin:0}
.avatar{display:inline-flex;align-items:center;justify-content:center;width:2rem;height:2rem;border-radius:50%;background:#0b4f8a;color:#fff;font-weight:700;vertical-align:middle}
ul.sign-in{list-style:none;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:.5rem}ul.sign-in a{display:inline-block;padding:.5rem .75rem;border:1px solid #0b4f8a;border-radius:6px;min-height:44px}
ol.comments,ol.replies{list-style:none;padding:0}ol.replies{padding-left:1rem;border-left:2px solid #ddd}
.comment article{padding:.5rem 0}.comment-meta,.comment-links{margin:0;color:#555;font-size:.95rem}
.comment-body{overflow-wrap:anywhere}.comment-links{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
.discussion-view p{margin:.25rem 0}.discussion-view [aria-current]{font-weight:700;color:#1b1b1b}
.own-edit{display:none}.comment:target>article .own-edit{display:inline}.comment:target>article{background:#fffbe6}
.stance{display:inline-block;padding:0 .4rem;border:1px solid #666;border-radius:4px;font-size:.85rem;color:#1b1b1b}
.stance-supports{background:#e6f4ea}.stance-doubts{background:#fff4e5}.stance-opposes{background:#fde7e9}
.organizer-label{display:inline-block;padding:0 .4rem;border-radius:4px;font-size:.85rem;background:#1b1b1b;color:#fff}
ul.stances{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}.stance-choice,.notify-choice{border:0;padding:0;margin:1rem 0 0}
.follow-form{margin-top:2rem;padding-top:1rem;border-top:1px solid #ddd}
`
  .trim()
  .replace(/\n/g, "");

export const cssHash = `'sha256-${createHash("sha256").update(css).digest("base64")}'`;
