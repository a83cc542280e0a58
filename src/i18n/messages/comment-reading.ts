/** Reading the discussion: its order and language, helpful marks, whom a reply answers. */
import type { Message } from "../message.ts";

export const en = {
  "comments.view": "Order and language of the discussion",
  "comments.sort": "Order:",
  "comments.sort.oldest": "Oldest first",
  "comments.sort.newest": "Newest first",
  "comments.sort.helpful": "Most helpful",
  "comments.lang": "Language:",
  "comments.lang.both": "Both languages",
  "comments.lang.en": "English",
  "comments.lang.es": "Spanish",
  "comments.lang.none": "No comments in this language yet.",
  "comments.pagePrevious": "Previous page",
  "comments.pageNext": "Next page",
  "comments.helpful": "Helpful",
  "comments.helpfulCount": { other: "Helpful · {count}" },
  "comments.helpfulShown": {
    one: "{count} person found this helpful",
    other: "{count} people found this helpful",
  },
  "comments.inReplyTo": "in reply to {name}",
  "comments.vote.title": "Mark a comment as helpful",
  "comments.vote.signIn":
    "Sign in to mark this comment as helpful. Each person marks a comment once, and can take the mark back.",
  "comments.vote.mark": "Mark as helpful",
  "comments.vote.unmark": "Take back my mark",
  "comments.vote.marked": "You marked this comment as helpful.",
  "comments.ownVote.title": "This is your own comment",
  "comments.ownVote.body": "Other readers decide whether your comment helps; you cannot mark it yourself.",
} satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "comments.view": "Orden e idioma de la conversación",
  "comments.sort": "Orden:",
  "comments.sort.oldest": "Más antiguos primero",
  "comments.sort.newest": "Más recientes primero",
  "comments.sort.helpful": "Más útiles",
  "comments.lang": "Idioma:",
  "comments.lang.both": "Ambos idiomas",
  "comments.lang.en": "Inglés",
  "comments.lang.es": "Español",
  "comments.lang.none": "Todavía no hay comentarios en este idioma.",
  "comments.pagePrevious": "Página anterior",
  "comments.pageNext": "Página siguiente",
  "comments.helpful": "Útil",
  "comments.helpfulCount": { other: "Útil · {count}" },
  "comments.helpfulShown": {
    one: "A {count} persona le resultó útil",
    other: "A {count} personas les resultó útil",
  },
  "comments.inReplyTo": "en respuesta a {name}",
  "comments.vote.title": "Marcar un comentario como útil",
  "comments.vote.signIn":
    "Inicia sesión para marcar este comentario como útil. Cada persona lo marca una vez y puede retirar su marca.",
  "comments.vote.mark": "Marcar como útil",
  "comments.vote.unmark": "Retirar mi marca",
  "comments.vote.marked": "Marcaste este comentario como útil.",
  "comments.ownVote.title": "Es tu propio comentario",
  "comments.ownVote.body": "Son los demás quienes deciden si tu comentario es útil; no puedes marcarlo tú.",
};
