/**
 * What a catalog entry is: a string, or plural forms of which `other` is required (the catch-all:
 * Spanish has a `many` category, 1,000,000, that catalogs rarely spell out).
 */
export type PluralMessage = { readonly one?: string; readonly many?: string; readonly other: string };
export type Message = string | PluralMessage;
