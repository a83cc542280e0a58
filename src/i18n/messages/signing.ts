import type { Message } from "../translator.ts";

export const en = {
  "sign.heading": "Add your name",
  "sign.privacy":
    "Your name and email are never shown publicly. We use your email only to confirm your signature.",
  "sign.name": "Full name",
  "sign.email": "Email",
  "sign.postalCode": "Postal code",
  "sign.comment": "Comment (optional)",
  "sign.consent": "Yes, {sponsor} may email me about this and future campaigns.",
  "sign.submit": "Sign",
  "sign.honeypot": "Leave this field empty",
  "sign.errorSummary": {
    one: "There is {count} problem with the form",
    other: "There are {count} problems with the form",
  },
  "field.required": "Please fill in this field.",
  "field.tooLong": "Please use at most {max} characters.",
  "field.unreadable": "This contains characters we cannot read. Please type it again.",
  "field.email.invalid": "Enter an email address like name@example.org.",
  "field.postalCode.invalid": "Use only letters, numbers, spaces and hyphens (2 to 12 characters).",
  "form.expired": "This form is too old. Please check your details and send it again.",
  "thanks.title": "Almost done: check your email",
  "thanks.body":
    "We sent a link to the address you gave. Your signature counts once you open it and press the button.",
  "thanks.noMail":
    "No email? Look in your spam folder, or sign again in a few minutes and we will send it once more.",
  "thanks.share": "Ask others to join",
  "thanks.shareText": "I just signed: {title}. Will you join me? {url}",
  "share.email": "Email",
  "share.whatsapp": "WhatsApp",
  "share.sms": "Text message",
  "share.facebook": "Facebook",
  "share.x": "X",
  "confirm.title": "Confirm your signature",
  "confirm.body": "Press the button to confirm your signature on “{title}”.",
  "confirm.button": "Confirm my signature",
  "confirm.invalid": "This confirmation link is not valid. It may have been copied incompletely.",
  "confirm.closed.title": "Signing has closed",
  "confirm.closed.body":
    "This action stopped taking signatures before your signature was confirmed, so it was not counted. Thank you for your support.",
  "confirmed.title": "Thank you, your signature counts",
  "confirmed.body": "Your signature on “{title}” is confirmed.",
  "mail.confirm.subject": "Please confirm your signature: {title}",
  "mail.confirm.greeting": "Hello {name},",
  "mail.confirm.body":
    "Thank you for signing “{title}”. Your signature counts only after you confirm it. Open this link and press the button on the page:",
  "mail.confirm.ignore": "If you did not sign, ignore this message and nothing will be counted.",
  "mail.reminder.subject": "Reminder: confirm your signature on {title}",
  "mail.already.subject": "You have already signed: {title}",
  "mail.already.body":
    "Someone, probably you, tried to sign “{title}” again with this address. Your signature is already counted once; nothing more is needed.",
  "mail.signoff": "The Juntos team, for {sponsor}",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "sign.heading": "Agregue su nombre",
  "sign.privacy":
    "Su nombre y su correo nunca se muestran en público. Usamos su correo solo para confirmar su firma.",
  "sign.name": "Nombre completo",
  "sign.email": "Correo electrónico",
  "sign.postalCode": "Código postal",
  "sign.comment": "Comentario (opcional)",
  "sign.consent": "Sí, {sponsor} puede escribirme sobre esta y futuras campañas.",
  "sign.submit": "Firmar",
  "sign.honeypot": "Deje este campo vacío",
  "sign.errorSummary": {
    one: "Hay {count} problema en el formulario",
    other: "Hay {count} problemas en el formulario",
  },
  "field.required": "Por favor, complete este campo.",
  "field.tooLong": "Use como máximo {max} caracteres.",
  "field.unreadable": "Contiene caracteres que no podemos leer. Escríbalo de nuevo, por favor.",
  "field.email.invalid": "Escriba un correo como nombre@ejemplo.org.",
  "field.postalCode.invalid": "Use solo letras, números, espacios y guiones (de 2 a 12 caracteres).",
  "form.expired": "Este formulario es muy antiguo. Revise sus datos y envíelo de nuevo.",
  "thanks.title": "Casi listo: revise su correo",
  "thanks.body":
    "Enviamos un enlace a la dirección que nos dio. Su firma cuenta cuando lo abra y presione el botón.",
  "thanks.noMail":
    "¿No le llegó? Busque en la carpeta de spam, o vuelva a firmar en unos minutos y se lo enviaremos otra vez.",
  "thanks.share": "Invite a otras personas",
  "thanks.shareText": "Acabo de firmar: {title}. ¿Se une? {url}",
  "share.email": "Correo",
  "share.whatsapp": "WhatsApp",
  "share.sms": "Mensaje de texto",
  "share.facebook": "Facebook",
  "share.x": "X",
  "confirm.title": "Confirme su firma",
  "confirm.body": "Presione el botón para confirmar su firma en «{title}».",
  "confirm.button": "Confirmar mi firma",
  "confirm.invalid": "Este enlace de confirmación no es válido. Puede que se haya copiado incompleto.",
  "confirm.closed.title": "Las firmas están cerradas",
  "confirm.closed.body":
    "Esta acción dejó de recibir firmas antes de que se confirmara la suya, así que no se contó. Gracias por su apoyo.",
  "confirmed.title": "Gracias, su firma cuenta",
  "confirmed.body": "Su firma en «{title}» está confirmada.",
  "mail.confirm.subject": "Confirme su firma: {title}",
  "mail.confirm.greeting": "Hola, {name}:",
  "mail.confirm.body":
    "Gracias por firmar «{title}». Su firma cuenta solo cuando la confirme. Abra este enlace y presione el botón de la página:",
  "mail.confirm.ignore": "Si usted no firmó, ignore este mensaje y no se contará nada.",
  "mail.reminder.subject": "Recordatorio: confirme su firma en {title}",
  "mail.already.subject": "Usted ya firmó: {title}",
  "mail.already.body":
    "Alguien, probablemente usted, intentó firmar «{title}» otra vez con esta dirección. Su firma ya cuenta una vez; no hace falta nada más.",
  "mail.signoff": "El equipo de Juntos, por {sponsor}",
};
