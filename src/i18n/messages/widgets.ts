/** Widgets: the signing form framed on partners' sites, and the admin page to set one up. */
import type { Message } from "../message.ts";

export const en = {
  "widget.fullPage": "Read more about this action",
  "widget.poweredBy": "Signatures collected by {site}",
  "widgets.title": "Widget",
  "widgets.heading": "Widget for “{title}”",
  "widgets.back": "Back to the action",
  "widgets.onYourSite": "Put the signing form on your own site (widget)",
  "widgets.intro.sponsor":
    "Put the signing form of this action on any site you list below. Signatures made there count like any other.",
  "widgets.intro.partner":
    "Put the signing form of this action on your own site. Signatures made there are credited to {partner}, and signers can choose to share their details with you.",
  "widgets.snippet": "Code to paste on your site",
  "widgets.snippetIn": "In {language}",
  "widgets.snippetHint":
    "Paste it where the form should appear. It shows the form in a frame that fits its height; where JavaScript is off it stays a link to the form.",
  "widgets.snippetLink": "Sign this action",
  "widgets.preview": "Open the widget",
  "widgets.draft": "The widget works once the action is published.",
  "widgets.origins": "Sites that may show the widget",
  "widgets.originsHint":
    "One address per line, only the scheme and the site, like https://example.org or http://localhost:8080. Up to {max}. With none listed, no site can show it.",
  "widgets.current": "Allowed now",
  "widgets.none": "No site may show the widget yet.",
  "widgets.save": "Save sites",
  "widgets.origins.space":
    "Line {line} contains a space. Put each site on a line of its own, with no spaces.",
  "widgets.origins.wildcard": "Line {line} has a *. List each site by its full address instead.",
  "widgets.origins.scheme": "Line {line} must start with https:// or http://.",
  "widgets.origins.path":
    "Line {line} is a page, not a site: keep only the scheme, the site and its port (like https://example.org).",
  "widgets.origins.credentials": "Line {line} contains a user name or password: keep only the site.",
  "widgets.origins.invalid": "Line {line} is not a web address like https://example.org.",
  "widgets.origins.tooLong": "Line {line} is longer than {max} characters.",
  "widgets.origins.tooMany": "List at most {max} sites.",
  "notice.widgetSaved": {
    one: "Saved: 1 site may show the widget.",
    other: "Saved: {count} sites may show the widget.",
  },
  "notice.widgetCleared": "Saved: no site may show the widget.",
  "audit.kind.widget": "Widgets",
  "audit.event.widgetOriginsChanged": "Allowed {origins} to show the widget of “{title}”.",
  "audit.event.widgetOriginsCleared": "Allowed no site to show the widget of “{title}”.",
  "widgets.setUp": "Snippet and sites",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "widget.fullPage": "Lea más sobre esta acción",
  "widget.poweredBy": "Firmas recogidas por {site}",
  "widgets.title": "Widget",
  "widgets.heading": "Widget de “{title}”",
  "widgets.back": "Volver a la acción",
  "widgets.onYourSite": "Ponga el formulario de firma en su propio sitio (widget)",
  "widgets.intro.sponsor":
    "Ponga el formulario de firma de esta acción en los sitios que indique abajo. Las firmas hechas allí cuentan como cualquier otra.",
  "widgets.intro.partner":
    "Ponga el formulario de firma de esta acción en su propio sitio. Las firmas hechas allí se acreditan a {partner}, y quienes firman pueden elegir compartir sus datos con ustedes.",
  "widgets.snippet": "Código para pegar en su sitio",
  "widgets.snippetIn": "En {language}",
  "widgets.snippetHint":
    "Péguelo donde deba aparecer el formulario. Lo muestra en un marco que se ajusta a su altura; sin JavaScript queda como un enlace al formulario.",
  "widgets.snippetLink": "Firme esta acción",
  "widgets.preview": "Abrir el widget",
  "widgets.draft": "El widget funciona cuando la acción esté publicada.",
  "widgets.origins": "Sitios que pueden mostrar el widget",
  "widgets.originsHint":
    "Una dirección por línea, solo el esquema y el sitio, como https://example.org o http://localhost:8080. Hasta {max}. Si no hay ninguno, ningún sitio puede mostrarlo.",
  "widgets.current": "Permitidos ahora",
  "widgets.none": "Ningún sitio puede mostrar el widget todavía.",
  "widgets.save": "Guardar sitios",
  "widgets.origins.space":
    "La línea {line} tiene un espacio. Ponga cada sitio en su propia línea, sin espacios.",
  "widgets.origins.wildcard": "La línea {line} tiene un *. Indique cada sitio por su dirección completa.",
  "widgets.origins.scheme": "La línea {line} debe empezar con https:// o http://.",
  "widgets.origins.path":
    "La línea {line} es una página, no un sitio: deje solo el esquema, el sitio y su puerto (como https://example.org).",
  "widgets.origins.credentials":
    "La línea {line} tiene un nombre de usuario o una contraseña: deje solo el sitio.",
  "widgets.origins.invalid": "La línea {line} no es una dirección web como https://example.org.",
  "widgets.origins.tooLong": "La línea {line} tiene más de {max} caracteres.",
  "widgets.origins.tooMany": "Indique como máximo {max} sitios.",
  "notice.widgetSaved": {
    one: "Guardado: 1 sitio puede mostrar el widget.",
    other: "Guardado: {count} sitios pueden mostrar el widget.",
  },
  "notice.widgetCleared": "Guardado: ningún sitio puede mostrar el widget.",
  "audit.kind.widget": "Widgets",
  "audit.event.widgetOriginsChanged": "Permitió que {origins} muestre el widget de “{title}”.",
  "audit.event.widgetOriginsCleared": "No permitió a ningún sitio mostrar el widget de “{title}”.",
  "widgets.setUp": "Código y sitios",
};
