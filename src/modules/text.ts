/** Rules for text typed into any form. Pure. */

// Control characters other than tab and newline, and U+FFFD, which is what undecodable bytes become.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const unreadable = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/** True for text we cannot store faithfully: control characters, decoding damage, lone surrogates. */
export function isUnreadable(text: string): boolean {
  return unreadable.test(text) || !text.isWellFormed();
}
