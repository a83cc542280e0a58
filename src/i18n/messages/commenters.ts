/** Signing in to comment: the comment form's sign-in choices and signed-in line, and the sign-in error pages. */
import type { Message } from "../message.ts";

export const en = {
  "commenter.signInWith": "Sign in to comment with:",
  "commenter.juntos": "Juntos account",
  "commenter.commentingAs": "Commenting as",
  "commenter.via": "through {provider}",
  "commenter.signOut": "Sign out",
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
