/** Signers' rights and retention: the "your data" page, its links and mail, the retention setting. */
import type { Message } from "../message.ts";

export const en = {
  "signerRights.footer": "What Juntos holds about you: see it, download it or remove it at",
  "signerRights.footer.link": "Your data at Juntos",
  "signerRights.anonymized": "Details removed (retention)",
  "signerRights.request.title": "Your data at Juntos",
  "signerRights.request.intro":
    "Type the email address you signed with. We will mail it links to download what Juntos holds about you, to remove a signature, or to remove yourself from Juntos entirely. We answer every address the same way, so nobody learns from this page whether an address signed.",
  "signerRights.request.email": "Email address",
  "signerRights.request.submit": "Mail me the links",
  "signerRights.request.rateLimited":
    "Too many requests from your network. Please wait a few minutes and try again.",
  "signerRights.error.emailRequired": "Enter your email address",
  "signerRights.error.emailInvalid": "Enter an email address like name@example.org",
  "signerRights.sent.title": "Check your email",
  "signerRights.sent.body":
    "We sent a mail to the address you typed. If Juntos holds anything about it, the mail has your links; otherwise it says so. The links work for 7 days.",
  "signerRights.link.download.title": "Download your data",
  "signerRights.link.download.body":
    "A file (JSON) with everything Juntos holds about you: your details, your signatures, your comments, your subscriptions and the contacts organizations keep of you. This link works once.",
  "signerRights.link.download.button": "Download my data",
  "signerRights.link.removeSignature.title": "Remove your signature?",
  "signerRights.link.removeSignature.body":
    "Your signature on “{title}” will be removed, with the comment you sent with it, and the count goes down. This cannot be undone.",
  "signerRights.link.removeSignature.button": "Remove my signature",
  "signerRights.link.removeAll.title": "Remove yourself from Juntos?",
  "signerRights.link.removeAll.body":
    "Every signature of yours, your comments, your subscriptions and the contacts organizations keep of you here will be removed, and the counts go down. This cannot be undone.",
  "signerRights.link.removeAll.button": "Remove everything about me",
  "signerRights.link.invalid.title": "This link does not work",
  "signerRights.link.invalid.body":
    "It was changed or cut short on the way. Copy the whole link from the mail, or ask for new links.",
  "signerRights.link.spent.title": "This link was used or has expired",
  "signerRights.link.spent.body": "Each link works once, for 7 days. Ask for new links if you need them.",
  "signerRights.link.askAgain": "Ask for new links",
  "signerRights.done.signature.title": "Your signature is removed",
  "signerRights.done.signature.body": "Your signature on “{title}” is gone, with its comment.",
  "signerRights.done.all.title": "You are removed from Juntos",
  "signerRights.done.all.body":
    "Nothing about you is left here: your signatures, comments, subscriptions and the contacts organizations kept through Juntos are gone.",
  "signerRights.mail.subject": "Your data at Juntos",
  "signerRights.mail.intro":
    "You asked what Juntos holds about you. Each link below opens a page with a button: nothing happens until you press it.",
  "signerRights.mail.signature": "Remove your signature on “{title}”:",
  "signerRights.mail.removeAll": "Remove yourself from Juntos entirely:",
  "signerRights.mail.download": "Download what Juntos holds about you (JSON):",
  "signerRights.mail.validity": {
    one: "Each link works once, for {count} day.",
    other: "Each link works once, for {count} days.",
  },
  "signerRights.mail.nothing":
    "Juntos holds nothing under this address: no signature, no comment and no contact with it.",
  "signerRights.mail.ignore": "If you did not ask, you can ignore this mail.",
  "signerRights.retention.heading": "How long signers’ details are kept",
  "signerRights.retention.months": "Months after an action closes",
  "signerRights.retention.hint":
    "Then signers’ names, email addresses, postal codes and comments are removed for good. Counts, per-day and per-county totals stay. From 1 to 120.",
  "signerRights.retention.save": "Save how long details are kept",
  "signerRights.retention.invalid": "Enter a whole number of months from 1 to 120",
  "signerRights.retention.saved": "Signers’ details are now kept {months} months after an action closes.",
  "audit.event.signersAnonymized":
    "Removed the details of {signatures} signers of {subject}, {retentionMonths} months after it closed.",
  "audit.event.signatureRemovedBySigner": "A signer removed their signature from {subject}.",
  "audit.event.signerRemoved":
    "A signer removed themselves from Juntos ({signatures} signature on {subject}).",
  "audit.event.retentionChanged": "Signers’ details kept {to} months after an action closes (was {from}).",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "signerRights.footer": "Lo que Juntos guarda sobre usted: véalo, descárguelo o bórrelo en",
  "signerRights.footer.link": "Sus datos en Juntos",
  "signerRights.anonymized": "Datos borrados (plazo vencido)",
  "signerRights.request.title": "Sus datos en Juntos",
  "signerRights.request.intro":
    "Escriba el correo electrónico con el que firmó. Le enviaremos enlaces para descargar lo que Juntos guarda sobre usted, para retirar una firma o para borrarse de Juntos por completo. Respondemos igual a toda dirección, así que nadie sabe por esta página si una dirección firmó.",
  "signerRights.request.email": "Correo electrónico",
  "signerRights.request.submit": "Envíenme los enlaces",
  "signerRights.request.rateLimited":
    "Demasiadas solicitudes desde su red. Espere unos minutos y vuelva a intentarlo.",
  "signerRights.error.emailRequired": "Escriba su correo electrónico",
  "signerRights.error.emailInvalid": "Escriba un correo como nombre@ejemplo.org",
  "signerRights.sent.title": "Revise su correo",
  "signerRights.sent.body":
    "Enviamos un mensaje a la dirección que escribió. Si Juntos guarda algo sobre ella, el mensaje trae sus enlaces; si no, lo dice. Los enlaces valen 7 días.",
  "signerRights.link.download.title": "Descargue sus datos",
  "signerRights.link.download.body":
    "Un archivo (JSON) con todo lo que Juntos guarda sobre usted: sus datos, sus firmas, sus comentarios, sus suscripciones y los contactos que las organizaciones tienen de usted. Este enlace vale una vez.",
  "signerRights.link.download.button": "Descargar mis datos",
  "signerRights.link.removeSignature.title": "¿Retirar su firma?",
  "signerRights.link.removeSignature.body":
    "Se retirará su firma de «{title}», con el comentario que envió con ella, y la cuenta bajará. No se puede deshacer.",
  "signerRights.link.removeSignature.button": "Retirar mi firma",
  "signerRights.link.removeAll.title": "¿Borrarse de Juntos?",
  "signerRights.link.removeAll.body":
    "Se borrarán todas sus firmas, sus comentarios, sus suscripciones y los contactos que las organizaciones tienen de usted aquí, y las cuentas bajarán. No se puede deshacer.",
  "signerRights.link.removeAll.button": "Borrar todo lo mío",
  "signerRights.link.invalid.title": "Este enlace no funciona",
  "signerRights.link.invalid.body":
    "Se cambió o se cortó en el camino. Copie el enlace completo del mensaje, o pida enlaces nuevos.",
  "signerRights.link.spent.title": "Este enlace ya se usó o venció",
  "signerRights.link.spent.body":
    "Cada enlace vale una vez, durante 7 días. Pida enlaces nuevos si los necesita.",
  "signerRights.link.askAgain": "Pedir enlaces nuevos",
  "signerRights.done.signature.title": "Su firma fue retirada",
  "signerRights.done.signature.body": "Su firma de «{title}» ya no está, ni su comentario.",
  "signerRights.done.all.title": "Usted fue borrado de Juntos",
  "signerRights.done.all.body":
    "No queda nada suyo aquí: sus firmas, comentarios, suscripciones y los contactos que las organizaciones tenían por Juntos se borraron.",
  "signerRights.mail.subject": "Sus datos en Juntos",
  "signerRights.mail.intro":
    "Usted preguntó qué guarda Juntos sobre usted. Cada enlace abre una página con un botón: no pasa nada hasta que lo pulse.",
  "signerRights.mail.signature": "Retirar su firma de «{title}»:",
  "signerRights.mail.removeAll": "Borrarse de Juntos por completo:",
  "signerRights.mail.download": "Descargar lo que Juntos guarda sobre usted (JSON):",
  "signerRights.mail.validity": {
    one: "Cada enlace vale una vez, durante {count} día.",
    other: "Cada enlace vale una vez, durante {count} días.",
  },
  "signerRights.mail.nothing":
    "Juntos no guarda nada con esta dirección: ninguna firma, ningún comentario y ningún contacto.",
  "signerRights.mail.ignore": "Si usted no lo pidió, puede ignorar este mensaje.",
  "signerRights.retention.heading": "Cuánto tiempo se guardan los datos de quienes firman",
  "signerRights.retention.months": "Meses después de cerrar una acción",
  "signerRights.retention.hint":
    "Luego se borran para siempre los nombres, correos, códigos postales y comentarios de quienes firmaron. Quedan las cuentas y los totales por día y por condado. De 1 a 120.",
  "signerRights.retention.save": "Guardar el plazo",
  "signerRights.retention.invalid": "Escriba un número entero de meses de 1 a 120",
  "signerRights.retention.saved":
    "Los datos de quienes firman se guardan ahora {months} meses después de cerrar una acción.",
  "audit.event.signersAnonymized":
    "Se borraron los datos de {signatures} firmantes de {subject}, {retentionMonths} meses después de cerrarse.",
  "audit.event.signatureRemovedBySigner": "Una persona retiró su firma de {subject}.",
  "audit.event.signerRemoved": "Una persona se borró de Juntos ({signatures} firma en {subject}).",
  "audit.event.retentionChanged":
    "Los datos de quienes firman se guardan {to} meses después de cerrar una acción (antes {from}).",
};
