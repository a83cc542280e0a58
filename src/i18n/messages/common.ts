import type { Message } from "../message.ts";

export const en = {
  "site.name": "Juntos",
  "layout.skip": "Skip to content",
  "layout.languageSwitch": "Español",
  "layout.languageSwitchLabel": "Leer en español",
  "layout.footer": "Juntos: no trackers, no ads, nothing loaded from other sites.",
  "error.notFound.title": "Page not found",
  "error.notFound.body": "We could not find that page. It may have moved or been closed.",
  "error.badRequest.title": "We could not read that request",
  "error.badRequest.body": "Something in what was sent could not be read. Go back and try again.",
  "error.tooLarge.title": "That was too much to send",
  "error.tooLarge.body": "The form you sent was too large. Please shorten your text and try again.",
  "error.rateLimited.title": "Please slow down",
  "error.rateLimited.body":
    "Too many requests came from your network. Please wait a few minutes and try again.",
  "error.unavailable.title": "Back in a moment",
  "error.unavailable.body":
    "We cannot reach our database for a moment, so nothing could be saved or shown this time. Please try again in a few seconds.",
  "error.overloaded.title": "Very busy right now",
  "error.overloaded.body":
    "So many people are here at once that we could not answer you this time. Please try again in a few seconds.",
  "error.formExpired.title": "This form has expired",
  "error.formExpired.body":
    "For your safety, forms stop working after a while or when cookies are cleared. Go back, reload the page and send it again.",
  "error.server.title": "Something went wrong on our side",
  "error.server.body": "Your request was not completed. Please try again in a moment.",
  "error.home": "Go to the list of actions",
  "devmail.title": "Development mailbox",
  "devmail.explain":
    "No SMTP server is set, so mail is kept here instead of being sent. Set SMTP_URL to send real mail; this page then disappears.",
  "devmail.empty": "No mail yet.",
  "devmail.to": "To",
  "devmail.sent": "Sent",
  "devmail.back": "All mail",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "site.name": "Juntos",
  "layout.skip": "Saltar al contenido",
  "layout.languageSwitch": "English",
  "layout.languageSwitchLabel": "Read in English",
  "layout.footer": "Juntos: sin rastreadores, sin anuncios, nada cargado desde otros sitios.",
  "error.notFound.title": "Página no encontrada",
  "error.notFound.body": "No encontramos esa página. Puede que se haya movido o cerrado.",
  "error.badRequest.title": "No pudimos leer esa solicitud",
  "error.badRequest.body": "Algo de lo que se envió no se pudo leer. Regrese e inténtelo de nuevo.",
  "error.tooLarge.title": "Se envió demasiado",
  "error.tooLarge.body": "El formulario enviado era demasiado grande. Acorte su texto e inténtelo de nuevo.",
  "error.rateLimited.title": "Por favor, espere un momento",
  "error.rateLimited.body":
    "Llegaron demasiadas solicitudes desde su red. Espere unos minutos e inténtelo de nuevo.",
  "error.unavailable.title": "Volvemos en un momento",
  "error.unavailable.body":
    "No podemos llegar a nuestra base de datos por un momento, así que esta vez no se pudo guardar ni mostrar nada. Inténtelo de nuevo en unos segundos.",
  "error.overloaded.title": "Mucha actividad en este momento",
  "error.overloaded.body":
    "Hay tantas personas aquí a la vez que esta vez no pudimos responderle. Inténtelo de nuevo en unos segundos.",
  "error.formExpired.title": "Este formulario venció",
  "error.formExpired.body":
    "Por su seguridad, los formularios dejan de funcionar después de un tiempo o si se borran las cookies. Regrese, recargue la página y envíelo de nuevo.",
  "error.server.title": "Algo falló de nuestro lado",
  "error.server.body": "Su solicitud no se completó. Inténtelo de nuevo en un momento.",
  "error.home": "Ir a la lista de acciones",
  "devmail.title": "Buzón de desarrollo",
  "devmail.explain":
    "No hay servidor SMTP configurado, así que el correo se guarda aquí en vez de enviarse. Configure SMTP_URL para enviar correo real; entonces esta página desaparece.",
  "devmail.empty": "Todavía no hay correo.",
  "devmail.to": "Para",
  "devmail.sent": "Enviado",
  "devmail.back": "Todo el correo",
};
