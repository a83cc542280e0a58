/**
 * All message catalogs, merged. Each area keeps its strings in messages/<area>.ts with an `en`
 * object (the source of the keys) and an `es` object that must have exactly the same keys.
 */
import * as actions from "./messages/actions.ts";
import * as common from "./messages/common.ts";
import * as signing from "./messages/signing.ts";

const en = { ...common.en, ...actions.en, ...signing.en };
export type MessageKey = keyof typeof en;

export const catalogs = {
  en,
  es: { ...common.es, ...actions.es, ...signing.es },
} as const;
