/**
 * The organization form's one script: while its time zone is still the default (UTC), choose the
 * browser's zone instead, so times are right from the first visit. Without JavaScript the form
 * keeps UTC and a person picks the zone from the list. Inlined and allowed by its hash.
 */
import { createHash } from "node:crypto";

export const browserZoneScript =
  "(function(){var s=document.getElementById('f-time_zone');" +
  "var z=Intl.DateTimeFormat().resolvedOptions().timeZone;" +
  "if(s&&s.value==='UTC'&&z&&s.querySelector('option[value=\"'+z+'\"]'))s.value=z})()";

export const browserZoneScriptHash = `'sha256-${createHash("sha256").update(browserZoneScript).digest("base64")}'`;
