/**
 * Hostile input for the comment form's name, website and text, shared by the http test (every
 * answer escaped, nothing 500) and the browser test (nothing of it runs in Chromium). A payload that
 * runs sets `window[hostileFlag]` and opens a dialog, either of which the browser test catches.
 */

export const hostileFlag = "juntosHostileRan";
const run = `window.${hostileFlag}=1;alert(1)`;

export const hostileScript = `<script>${run}</script>`;

export const hostileComments: readonly string[] = [
  hostileScript,
  `"><img src=x onerror="${run}">`,
  `" autofocus onfocus="${run}`,
  `<svg onload="${run}"></svg>`,
  `<a href="javascript:${run}">click me</a>`,
  `javascript:${run}`,
  "JaVaScRiPt:alert(1)",
  `data:text/html;base64,${Buffer.from(hostileScript).toString("base64")}`,
  "see javascript:alert(1) and data:text/html,<script>x</script> and https://ok.example.org/<script>",
  "a".repeat(6_000),
  "Ro\u0000sa",
  "\uFFFD broken",
];

/** Raw bytes that are not UTF-8, for the end of a form body: the parser reads them as U+FFFD. */
export const invalidUtf8 = Buffer.from([0xc3, 0x28, 0x61, 0x62]);
