/** Shared links: the link preview card (OpenGraph, Twitter) and the share image drawn on our server. */
import type { Message } from "../message.ts";

export const en = {
  /** The OpenGraph locale of this language (language_TERRITORY, as Facebook reads it). */
  "share.ogLocale": "en_US",
  "share.imageAlt": "“{title}”, an action by {sponsor}, on {site}",
  "share.by": "By {sponsor}",
  "share.signatures": { other: "{count}+ people have signed" },
  "share.beFirst": "Add your name",
  "share.closed": "This action is closed",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "share.ogLocale": "es_MX",
  "share.imageAlt": "«{title}», una acción de {sponsor}, en {site}",
  "share.by": "De {sponsor}",
  "share.signatures": { other: "{count}+ personas han firmado" },
  "share.beFirst": "Suma tu nombre",
  "share.closed": "Esta acción está cerrada",
};
