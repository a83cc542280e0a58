/** Short action links: the admin page, its form and QR codes, and the click statistics. */
import type { Message } from "../message.ts";

export const en = {
  "shortlinks.title": "Short links",
  "shortlinks.heading": "Short links for “{title}”",
  "shortlinks.intro":
    "A short link is an address like {example} that leads to this action in the visitor's language. Make one for each flyer, radio spot or partner to see which brings people.",
  "shortlinks.back": "Back to the action",
  "shortlinks.address": "Address",
  "shortlinks.source": "Source label",
  "shortlinks.clicks": "Clicks",
  "shortlinks.qr": "QR code",
  "shortlinks.qrSvg": "SVG",
  "shortlinks.qrPng": "PNG for print",
  "shortlinks.qrOf": "QR code of {address}",
  "shortlinks.delete": "Delete",
  "shortlinks.empty.title": "This action has no short link yet.",
  "shortlinks.empty.create": "Create one below: a word or two people can remember and type.",
  "shortlinks.empty.wait": "An organizer of your organization can create one.",
  "shortlinks.new": "New short link",
  "shortlinks.create": "Create short link",
  "shortlinks.slug": "Short link",
  "shortlinks.slugHint":
    "{min} to {max} letters (a to z), digits and hyphens; capitals make no difference. The address will be {base}/…",
  "shortlinks.sourceHint":
    "Optional. Passed on to the action as its source, so signatures that came through this link can be told apart (for example flyer or radio). Letters, digits, - and _.",
  "shortlinks.slug.length": "A short link has {min} to {max} characters.",
  "shortlinks.slug.shape":
    "Use only letters a to z, digits and single hyphens, starting and ending with a letter or digit.",
  "shortlinks.slug.reserved": "This name is used by Juntos itself. Choose another.",
  "shortlinks.slug.offensive": "This short link contains a word we do not allow. Choose another.",
  "shortlinks.slug.taken": "This short link is already taken. Choose another.",
  "shortlinks.source.shape": "Use up to 40 letters, digits, - and _, without spaces.",
  "shortlinks.deleteTitle": "Delete this short link?",
  "shortlinks.deleteBody":
    "{address} will stop working: printed flyers and shared messages with it will lead to a “page not found”. Its click counts are deleted too.",
  "notice.shortlinkCreated": "Short link {address} created.",
  "notice.shortlinkDeleted": "Short link {address} deleted.",
  "clicks.title": "Clicks",
  "clicks.total": { one: "{count} click in all", other: "{count} clicks in all" },
  "clicks.chartSummary": {
    one: "Clicks on the short links over the last {count} day (UTC)",
    other: "Clicks on the short links over the last {count} days (UTC)",
  },
  "clicks.day": "Day",
  "clicks.perDay": "Clicks per day",
  "clicks.empty.title": "No clicks yet.",
  "clicks.empty.body":
    "Share a short link or print its QR code; clicks show here. Search engines and the previews of chat apps are not counted.",
  "clicks.hosts": "Referring sites",
  "clicks.host": "Site",
  "clicks.noHost": "None (typed, scanned or opened from an app)",
  "clicks.devices": "Devices",
  "clicks.device": "Device",
  "clicks.device.phone": "Phone",
  "clicks.device.tablet": "Tablet",
  "clicks.device.desktop": "Computer",
  "clicks.privacy":
    "No address, full link or browser detail of a visitor is stored: only counts per day, site and kind of device.",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "shortlinks.title": "Enlaces cortos",
  "shortlinks.heading": "Enlaces cortos de «{title}»",
  "shortlinks.intro":
    "Un enlace corto es una dirección como {example} que lleva a esta acción en el idioma de quien la visita. Cree uno para cada volante, anuncio de radio u organización aliada y vea cuál trae a más gente.",
  "shortlinks.back": "Volver a la acción",
  "shortlinks.address": "Dirección",
  "shortlinks.source": "Etiqueta de origen",
  "shortlinks.clicks": "Clics",
  "shortlinks.qr": "Código QR",
  "shortlinks.qrSvg": "SVG",
  "shortlinks.qrPng": "PNG para imprimir",
  "shortlinks.qrOf": "Código QR de {address}",
  "shortlinks.delete": "Borrar",
  "shortlinks.empty.title": "Esta acción todavía no tiene enlace corto.",
  "shortlinks.empty.create": "Cree uno abajo: una o dos palabras que la gente pueda recordar y escribir.",
  "shortlinks.empty.wait": "Una persona organizadora de su organización puede crearlo.",
  "shortlinks.new": "Nuevo enlace corto",
  "shortlinks.create": "Crear enlace corto",
  "shortlinks.slug": "Enlace corto",
  "shortlinks.slugHint":
    "De {min} a {max} letras (de la a a la z), cifras y guiones; mayúsculas y minúsculas dan igual. La dirección será {base}/…",
  "shortlinks.sourceHint":
    "Opcional. Se pasa a la acción como su origen, para distinguir las firmas que llegaron por este enlace (por ejemplo volante o radio). Letras, cifras, - y _.",
  "shortlinks.slug.length": "Un enlace corto tiene de {min} a {max} caracteres.",
  "shortlinks.slug.shape":
    "Use solo letras de la a a la z, cifras y guiones sueltos, empezando y terminando con letra o cifra.",
  "shortlinks.slug.reserved": "Juntos usa este nombre. Elija otro.",
  "shortlinks.slug.offensive": "Este enlace corto contiene una palabra que no permitimos. Elija otro.",
  "shortlinks.slug.taken": "Este enlace corto ya está en uso. Elija otro.",
  "shortlinks.source.shape": "Use hasta 40 letras, cifras, - y _, sin espacios.",
  "shortlinks.deleteTitle": "¿Borrar este enlace corto?",
  "shortlinks.deleteBody":
    "{address} dejará de funcionar: los volantes impresos y los mensajes que lo compartieron llevarán a «página no encontrada». También se borran sus clics.",
  "notice.shortlinkCreated": "Se creó el enlace corto {address}.",
  "notice.shortlinkDeleted": "Se borró el enlace corto {address}.",
  "clicks.title": "Clics",
  "clicks.total": { one: "{count} clic en total", other: "{count} clics en total" },
  "clicks.chartSummary": {
    one: "Clics en los enlaces cortos durante el último {count} día (UTC)",
    other: "Clics en los enlaces cortos durante los últimos {count} días (UTC)",
  },
  "clicks.day": "Día",
  "clicks.perDay": "Clics por día",
  "clicks.empty.title": "Todavía no hay clics.",
  "clicks.empty.body":
    "Comparta un enlace corto o imprima su código QR; los clics aparecen aquí. No se cuentan los buscadores ni las vistas previas de las aplicaciones de chat.",
  "clicks.hosts": "Sitios de procedencia",
  "clicks.host": "Sitio",
  "clicks.noHost": "Ninguno (escrito, escaneado o abierto desde una aplicación)",
  "clicks.devices": "Dispositivos",
  "clicks.device": "Dispositivo",
  "clicks.device.phone": "Teléfono",
  "clicks.device.tablet": "Tableta",
  "clicks.device.desktop": "Computadora",
  "clicks.privacy":
    "No se guarda la dirección, el enlace completo ni datos del navegador de quien visita: solo cuentas por día, sitio y tipo de dispositivo.",
};
