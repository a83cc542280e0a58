/**
 * The cached action page's one script: it fills the guest comment form from the "remember me on
 * this device" cookie, since the server sends that page to everyone alike and never reads a
 * cookie for it. It only sets field values (never markup) and leaves typed fields alone. Without
 * JavaScript the form there stays empty; per-request pages are filled by the server. Inlined and
 * allowed by its hash.
 */
import { createHash } from "node:crypto";
import { rememberCookie } from "../../modules/commenters/remembered-details.ts";

export const rememberedDetailsScript =
  `(function(){var m=/(?:^|;\\s*)${rememberCookie}=([^;]+)/.exec(document.cookie);` +
  "var f=document.querySelector('form.comment-form');if(!m||!f)return;var d;" +
  "try{d=JSON.parse(decodeURIComponent(m[1]))}catch(e){return}if(!d||typeof d!=='object')return;" +
  "['name','email','website'].forEach(function(k){var i=f.elements.namedItem(k);" +
  "if(i&&!i.value&&typeof d[k]==='string')i.value=d[k]});" +
  "var r=f.elements.namedItem('remember');if(r)r.checked=true})()";

export const rememberedDetailsScriptHash = `'sha256-${createHash("sha256").update(rememberedDetailsScript).digest("base64")}'`;
