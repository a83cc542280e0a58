/** Partners: a co-sponsor's page of an action (links, numbers, consenting signers) and the sponsor's leaderboard. */
import type { Message } from "../message.ts";

export const en = {
  "partners.title": "Partners",
  "partners.heading": "Partners of “{title}”",
  "partners.intro":
    "What each co-sponsor brought through its referral link and its own short links. Conversion is confirmed signatures per click on those short links; people who open a referral link directly sign without a click, so it can pass 100%.",
  "partners.back": "Back to the action",
  "partners.partner": "Partner",
  "partners.noPartner": "No partner (your own links, and everyone else)",
  "partners.signatures": "Signatures",
  "partners.confirmed": "Confirmed",
  "partners.conversion": "Conversion",
  "partners.none":
    "No organization co-sponsors this action with an account yet. Once you approve one, its numbers appear here.",
  "partners.cosponsorsLink": "Co-sponsors",
  "partners.elsewhere": "Partners' short links and their numbers are on the partners page.",
  "partner.heading": "Your links and numbers for “{title}”",
  "partner.intro":
    "{sponsor} runs this action and {name} co-sponsors it. Signatures that come through your referral link or your short links are credited to {name}; the signers who agree to share their details with {name} are listed for you.",
  "partner.back": "Back to co-sponsoring",
  "partner.numbers": "Your numbers",
  "partner.clicks": { one: "{count} click on your short links", other: "{count} clicks on your short links" },
  "partner.signatures": {
    one: "{count} signature through your links",
    other: "{count} signatures through your links",
  },
  "partner.confirmed": { one: "{count} of them confirmed", other: "{count} of them confirmed" },
  "partner.referral.heading": "Your referral link",
  "partner.referral.hint":
    "The action's page carrying your code, {code}. Put it on your website or in your mailings.",
  "partner.referral.en": "In English",
  "partner.referral.es": "In Spanish",
  "partner.links.heading": "Your short links",
  "partner.links.intro":
    "A short link like {example} leads to the action with your code, so its clicks and its signatures are yours.",
  "partner.links.empty": "You have no short link for this action yet.",
  "partner.signers.link": "People who chose to share their details with {name}",
  "partner.signers.heading": "Signers who chose to share with {name}",
  "partner.signers.intro":
    "Only people who came through your links and ticked the box to share their details with {name} are listed here.",
  "partner.signers.count": { one: "{count} person", other: "{count} people" },
  "partner.signers.empty.title": "Nobody has shared their details with {name} yet.",
  "partner.signers.empty.body":
    "People who sign through your links can tick a box to share their details with you; they appear here.",
  "partner.signers.export": "Download as CSV",
  "partner.signers.back": "Back to your links and numbers",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "partners.title": "Aliadas",
  "partners.heading": "Organizaciones aliadas de «{title}»",
  "partners.intro":
    "Lo que cada copatrocinadora trajo por su enlace de referencia y sus propios enlaces cortos. La conversión es firmas confirmadas por clic en esos enlaces cortos; quien abre directamente un enlace de referencia firma sin clic, así que puede pasar del 100 %.",
  "partners.back": "Volver a la acción",
  "partners.partner": "Aliada",
  "partners.noPartner": "Sin aliada (sus propios enlaces y todo lo demás)",
  "partners.signatures": "Firmas",
  "partners.confirmed": "Confirmadas",
  "partners.conversion": "Conversión",
  "partners.none":
    "Todavía ninguna organización con cuenta copatrocina esta acción. Cuando apruebe una, sus números aparecen aquí.",
  "partners.cosponsorsLink": "Copatrocinadoras",
  "partners.elsewhere": "Los enlaces cortos de las aliadas y sus números están en la página de aliadas.",
  "partner.heading": "Sus enlaces y números de «{title}»",
  "partner.intro":
    "{sponsor} lleva esta acción y {name} la copatrocina. Las firmas que llegan por su enlace de referencia o sus enlaces cortos se acreditan a {name}; aquí ve a quienes aceptan compartir sus datos con {name}.",
  "partner.back": "Volver a copatrocinios",
  "partner.numbers": "Sus números",
  "partner.clicks": {
    one: "{count} clic en sus enlaces cortos",
    other: "{count} clics en sus enlaces cortos",
  },
  "partner.signatures": {
    one: "{count} firma por sus enlaces",
    other: "{count} firmas por sus enlaces",
  },
  "partner.confirmed": { one: "{count} confirmada", other: "{count} confirmadas" },
  "partner.referral.heading": "Su enlace de referencia",
  "partner.referral.hint":
    "La página de la acción con su código, {code}. Póngalo en su sitio web o en sus correos.",
  "partner.referral.en": "En inglés",
  "partner.referral.es": "En español",
  "partner.links.heading": "Sus enlaces cortos",
  "partner.links.intro":
    "Un enlace corto como {example} lleva a la acción con su código, así que sus clics y sus firmas son suyos.",
  "partner.links.empty": "Todavía no tiene enlace corto para esta acción.",
  "partner.signers.link": "Personas que eligieron compartir sus datos con {name}",
  "partner.signers.heading": "Firmantes que eligieron compartir con {name}",
  "partner.signers.intro":
    "Aquí solo aparecen quienes llegaron por sus enlaces y marcaron la casilla para compartir sus datos con {name}.",
  "partner.signers.count": { one: "{count} persona", other: "{count} personas" },
  "partner.signers.empty.title": "Todavía nadie compartió sus datos con {name}.",
  "partner.signers.empty.body":
    "Quienes firman por sus enlaces pueden marcar una casilla para compartir sus datos con ustedes; aparecen aquí.",
  "partner.signers.export": "Descargar como CSV",
  "partner.signers.back": "Volver a sus enlaces y números",
};
