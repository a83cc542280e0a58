/**
 * Who is commenting: the comment form's sign-in choices and signed-in line, "remember me", the
 * per-request comment page, and the sign-in error pages.
 */
import type { Message } from "../message.ts";

export const en = {
  "commenter.signInWith": "Sign in to comment with:",
  "commenter.juntos": "Juntos account",
  "commenter.commentingAs": "Commenting as",
  "commenter.via": "through {provider}",
  "commenter.signOut": "Sign out",
  "commenter.emailKept":
    "Your name is shown with your comment. The email address of your sign-in goes only to the organizers who moderate the discussion.",
  "commenter.noEmail":
    "Your sign-in gave no email address. Enter one: only the organizers who moderate the discussion see it.",
  "commenter.signInEnded":
    "Your sign-in has ended, so this form now asks for your name and email. Sign in again, or fill them in: your text is still here.",
  "commenter.remember": "Remember my name, email and website on this device",
  "commenter.rememberHint":
    "They are kept in a cookie on this device only, and forgotten when you post with this box unticked.",
  "commenter.new.title": "Comment on “{title}”",
  "commenter.cancelled.title": "You did not sign in",
  "commenter.cancelled.body":
    "Signing in was cancelled at the provider. Go back to the action to sign in another way, or comment as a guest.",
  "commenter.expired.title": "This sign-in cannot be completed",
  "commenter.expired.body":
    "It took more than ten minutes, or it was started in another browser. Go back to the action and sign in again.",
  "commenter.providerFailed.title": "Signing in did not work",
  "commenter.providerFailed.body":
    "The provider did not answer as expected. Try again later, or comment as a guest.",
} satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "commenter.signInWith": "Inicia sesión para comentar con:",
  "commenter.juntos": "Cuenta de Juntos",
  "commenter.commentingAs": "Comentas como",
  "commenter.via": "mediante {provider}",
  "commenter.signOut": "Cerrar sesión",
  "commenter.emailKept":
    "Tu nombre se muestra con tu comentario. El correo electrónico de tu sesión solo lo ven las organizaciones que moderan la conversación.",
  "commenter.noEmail":
    "Tu inicio de sesión no nos dio un correo electrónico. Escribe uno: solo lo ven las organizaciones que moderan la conversación.",
  "commenter.signInEnded":
    "Tu sesión terminó, así que el formulario te pide ahora tu nombre y tu correo. Vuelve a iniciar sesión o escríbelos: tu texto sigue aquí.",
  "commenter.remember": "Recordar mi nombre, correo y sitio web en este dispositivo",
  "commenter.rememberHint":
    "Se guardan en una cookie solo en este dispositivo, y se olvidan cuando publicas con esta casilla sin marcar.",
  "commenter.new.title": "Comentar sobre “{title}”",
  "commenter.cancelled.title": "No iniciaste sesión",
  "commenter.cancelled.body":
    "Se canceló el inicio de sesión en el proveedor. Vuelve a la acción para iniciar sesión de otra forma o comentar como invitado.",
  "commenter.expired.title": "No se puede completar este inicio de sesión",
  "commenter.expired.body":
    "Tardó más de diez minutos o se empezó en otro navegador. Vuelve a la acción e inicia sesión de nuevo.",
  "commenter.providerFailed.title": "No se pudo iniciar sesión",
  "commenter.providerFailed.body":
    "El proveedor no respondió como esperábamos. Vuelve a intentarlo más tarde o comenta como invitado.",
};
