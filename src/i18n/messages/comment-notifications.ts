/** Email about a discussion: the choice on the comment form, following, confirming, stopping, the mails. */
import type { Message } from "../message.ts";

export const en = {
  "commentNotifications.choice": "Email me (optional)",
  "commentNotifications.choice.none": "No email",
  "commentNotifications.choice.replies": "When someone replies to my comment",
  "commentNotifications.choice.all": "When anyone comments on this action",
  "commentNotifications.choice.hint":
    "We first send a link to confirm your address, and only email you once you press its button. Every email has a link to stop them.",
  "commentNotifications.error.choice": "Choose one of the email options.",
  "commentNotifications.follow.heading": "Follow this discussion by email",
  "commentNotifications.follow.title": "Follow the discussion of “{title}”",
  "commentNotifications.follow.intro":
    "Get an email when a new comment is shown here, without commenting yourself. Every email has a link to stop them.",
  "commentNotifications.follow.email": "Your email",
  "commentNotifications.follow.submit": "Follow by email",
  "commentNotifications.follow.rateLimited":
    "Many requests came from your network just now. Wait a few minutes and send it again.",
  "commentNotifications.error.emailRequired": "Enter your email address.",
  "commentNotifications.error.emailInvalid": "Enter an email address like name@example.org.",
  "commentNotifications.sent.title": "Check your email",
  "commentNotifications.sent.body":
    "We sent a link to the address you gave (unless we sent one in the last hour). Nothing about “{title}” is emailed to you until you open it and press the button.",
  "commentNotifications.confirm.title": "Confirm your subscription",
  "commentNotifications.confirm.replies":
    "Press the button to get an email when a reply to your comment on “{title}” is shown.",
  "commentNotifications.confirm.all":
    "Press the button to get an email for each new comment shown on “{title}”.",
  "commentNotifications.confirm.button": "Yes, email me",
  "commentNotifications.confirmed.title": "You are subscribed",
  "commentNotifications.confirmed.replies":
    "We will email you when a reply to your comment on “{title}” is shown.",
  "commentNotifications.confirmed.all": "We will email you when a new comment on “{title}” is shown.",
  "commentNotifications.confirmed.stop": "Every email has a link that stops them at once.",
  "commentNotifications.unsubscribe.title": "Stop emails about this discussion",
  "commentNotifications.unsubscribe.body":
    "Press the button and no more email about the discussion of “{title}” goes to this address.",
  "commentNotifications.unsubscribe.button": "Unsubscribe",
  "commentNotifications.unsubscribed.title": "You are unsubscribed",
  "commentNotifications.unsubscribed.body":
    "No more email about the discussion of “{title}” goes to this address. You can follow it again from its page.",
  "commentNotifications.invalid.title": "This link is not valid",
  "commentNotifications.invalid.body":
    "It may have been copied incompletely, or its discussion no longer exists. Nothing was changed.",
  "commentNotifications.ended.title": "This subscription was stopped",
  "commentNotifications.ended.body":
    "This address unsubscribed from the discussion, so the link confirms nothing now. To follow it again, ask on the action's page.",
  "mail.commentSubscription.subject.replies": "Confirm: email me replies to my comment on “{title}”",
  "mail.commentSubscription.subject.all": "Confirm: email me new comments on “{title}”",
  "mail.commentSubscription.body.replies":
    "Someone, probably you, asked to be emailed when a reply to their comment on “{title}” is shown. Open this link and press the button to confirm:",
  "mail.commentSubscription.body.all":
    "Someone, probably you, asked to be emailed about each new comment on “{title}”. Open this link and press the button to confirm:",
  "mail.commentSubscription.ignore": "If you did not ask, ignore this message: nothing more will be sent.",
  "mail.commentNotice.subject.replies": "New reply to your comment on “{title}”",
  "mail.commentNotice.subject.all": "New comment on “{title}”",
  "mail.commentNotice.wrote": "{name} wrote:",
  "mail.commentNotice.read": "Read it and reply on the page:",
  "mail.commentNotice.why.replies": "You get this email because you asked for replies to your comment.",
  "mail.commentNotice.why.all": "You get this email because you follow this discussion.",
  "mail.commentNotice.stop": "Stop all email about this discussion:",
  "mail.commentDigest.subject": {
    one: "{count} comment waits for review at {organization}",
    other: "{count} comments wait for review at {organization}",
  },
  "mail.commentDigest.body": {
    one: "{count} comment on the actions of {organization} waits for a moderator before it is shown.",
    other: "{count} comments on the actions of {organization} wait for a moderator before they are shown.",
  },
  "mail.commentDigest.link": "Open the moderation queue:",
  "mail.commentDigest.why":
    "You get this because you moderate comments for {organization}; such an email comes at most every {minutes} minutes, and only when new comments are held.",
} satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "commentNotifications.choice": "Escríbeme por correo (opcional)",
  "commentNotifications.choice.none": "Sin correos",
  "commentNotifications.choice.replies": "Cuando alguien responda a mi comentario",
  "commentNotifications.choice.all": "Cuando alguien comente en esta acción",
  "commentNotifications.choice.hint":
    "Primero te enviamos un enlace para confirmar tu dirección, y solo te escribimos cuando pulses su botón. Cada correo trae un enlace para dejar de recibirlos.",
  "commentNotifications.error.choice": "Elige una de las opciones de correo.",
  "commentNotifications.follow.heading": "Sigue esta conversación por correo",
  "commentNotifications.follow.title": "Seguir la conversación de “{title}”",
  "commentNotifications.follow.intro":
    "Recibe un correo cuando se muestre un comentario nuevo aquí, sin tener que comentar. Cada correo trae un enlace para dejar de recibirlos.",
  "commentNotifications.follow.email": "Tu correo electrónico",
  "commentNotifications.follow.submit": "Seguir por correo",
  "commentNotifications.follow.rateLimited":
    "Llegaron muchas solicitudes desde tu red hace un momento. Espera unos minutos y envíala de nuevo.",
  "commentNotifications.error.emailRequired": "Escribe tu correo electrónico.",
  "commentNotifications.error.emailInvalid": "Escribe un correo como nombre@ejemplo.org.",
  "commentNotifications.sent.title": "Revisa tu correo",
  "commentNotifications.sent.body":
    "Enviamos un enlace a la dirección que diste (salvo que ya enviáramos uno en la última hora). No te escribimos nada sobre “{title}” hasta que lo abras y pulses el botón.",
  "commentNotifications.confirm.title": "Confirma tu suscripción",
  "commentNotifications.confirm.replies":
    "Pulsa el botón para recibir un correo cuando se muestre una respuesta a tu comentario en “{title}”.",
  "commentNotifications.confirm.all":
    "Pulsa el botón para recibir un correo por cada comentario nuevo que se muestre en “{title}”.",
  "commentNotifications.confirm.button": "Sí, quiero recibirlos",
  "commentNotifications.confirmed.title": "Ya tienes la suscripción",
  "commentNotifications.confirmed.replies":
    "Te escribiremos cuando se muestre una respuesta a tu comentario en “{title}”.",
  "commentNotifications.confirmed.all": "Te escribiremos cuando se muestre un comentario nuevo en “{title}”.",
  "commentNotifications.confirmed.stop": "Cada correo trae un enlace para dejar de recibirlos al instante.",
  "commentNotifications.unsubscribe.title": "Dejar de recibir correos de esta conversación",
  "commentNotifications.unsubscribe.body":
    "Pulsa el botón y no llegará ningún correo más sobre la conversación de “{title}” a esta dirección.",
  "commentNotifications.unsubscribe.button": "Cancelar la suscripción",
  "commentNotifications.unsubscribed.title": "Tu suscripción está cancelada",
  "commentNotifications.unsubscribed.body":
    "No llegará ningún correo más sobre la conversación de “{title}” a esta dirección. Puedes volver a seguirla desde su página.",
  "commentNotifications.invalid.title": "Este enlace no es válido",
  "commentNotifications.invalid.body":
    "Puede que se copiara incompleto, o que su conversación ya no exista. No se cambió nada.",
  "commentNotifications.ended.title": "Esta suscripción se canceló",
  "commentNotifications.ended.body":
    "Esta dirección canceló su suscripción a la conversación, así que el enlace ya no confirma nada. Para seguirla otra vez, pídelo en la página de la acción.",
  "mail.commentSubscription.subject.replies":
    "Confirma: avísame de las respuestas a mi comentario en “{title}”",
  "mail.commentSubscription.subject.all": "Confirma: avísame de los comentarios nuevos en “{title}”",
  "mail.commentSubscription.body.replies":
    "Alguien, probablemente tú, pidió recibir un correo cuando se muestre una respuesta a su comentario en “{title}”. Abre este enlace y pulsa el botón para confirmarlo:",
  "mail.commentSubscription.body.all":
    "Alguien, probablemente tú, pidió recibir un correo por cada comentario nuevo en “{title}”. Abre este enlace y pulsa el botón para confirmarlo:",
  "mail.commentSubscription.ignore": "Si no lo pediste, ignora este mensaje: no te enviaremos nada más.",
  "mail.commentNotice.subject.replies": "Respuesta nueva a tu comentario en “{title}”",
  "mail.commentNotice.subject.all": "Comentario nuevo en “{title}”",
  "mail.commentNotice.wrote": "{name} escribió:",
  "mail.commentNotice.read": "Léelo y responde en la página:",
  "mail.commentNotice.why.replies": "Recibes este correo porque pediste las respuestas a tu comentario.",
  "mail.commentNotice.why.all": "Recibes este correo porque sigues esta conversación.",
  "mail.commentNotice.stop": "Dejar de recibir correos de esta conversación:",
  "mail.commentDigest.subject": {
    one: "{count} comentario espera revisión en {organization}",
    other: "{count} comentarios esperan revisión en {organization}",
  },
  "mail.commentDigest.body": {
    one: "{count} comentario en las acciones de {organization} espera moderación antes de mostrarse.",
    other: "{count} comentarios en las acciones de {organization} esperan moderación antes de mostrarse.",
  },
  "mail.commentDigest.link": "Abrir la cola de moderación:",
  "mail.commentDigest.why":
    "Este correo llega porque usted modera comentarios de {organization}; llega como mucho cada {minutes} minutos, y solo cuando hay comentarios nuevos retenidos.",
};
