/**
 * All message catalogs, merged. Each area keeps its strings in messages/<area>.ts with an `en`
 * object (the source of the keys) and an `es` object that must have exactly the same keys.
 */
import * as accounts from "./messages/accounts.ts";
import * as actions from "./messages/actions.ts";
import * as admin from "./messages/admin.ts";
import * as common from "./messages/common.ts";
import * as organizer from "./messages/organizer.ts";
import * as shortlinks from "./messages/shortlinks.ts";
import * as signing from "./messages/signing.ts";

const en = {
  ...common.en,
  ...actions.en,
  ...signing.en,
  ...accounts.en,
  ...admin.en,
  ...organizer.en,
  ...shortlinks.en,
};
export type MessageKey = keyof typeof en;

export const catalogs = {
  en,
  es: {
    ...common.es,
    ...actions.es,
    ...signing.es,
    ...accounts.es,
    ...admin.es,
    ...organizer.es,
    ...shortlinks.es,
  },
} as const;
