import type { Message } from "../translator.ts";

export const en = {
  "home.title": "Take action",
  "home.intro":
    "Petitions and letters from organizations working together. Sign, share, and bring your people.",
  "home.empty": "No actions are published yet.",
  "home.sponsoredBy": "Sponsored by {sponsor}",
  "action.sponsor": "Organizational Sponsor",
  "action.date": "Date",
  "action.link": "Action Link",
  "action.type": "Type of Action",
  "action.type.petition": "Online Petition",
  "action.type.letter": "Letter to decision makers",
  "action.type.external": "Action on another site",
  "action.description": "About the issue",
  "action.targets": "Addressed to",
  "action.letter": "What you are signing",
  "action.cosponsors": "Co-sponsors",
  "action.cosponsorCount": {
    one: "{count} organization co-sponsors this action.",
    other: "{count} organizations co-sponsor this action.",
  },
  "action.signatures": { one: "{count} person has signed", other: "{count} people have signed" },
  "action.goal": "Goal: {goal}",
  "action.closed": "This action is closed and no longer takes signatures. Thank you to everyone who signed.",
  "action.external.go": "Take action on the organizer's site",
  "action.external.note": "This link takes you to a page hosted elsewhere.",
  "editor.target.help":
    "The people or offices this action is addressed to. Leave a Spanish title empty to show the English one.",
  "editor.target.legend": "Target {number}",
  "editor.target.name": "Name",
  "editor.target.titleEn": "Title or office (English)",
  "editor.target.titleEs": "Title or office (Spanish)",
  "editor.target.add": "Add another target",
  "field.target.nameRequired": "Enter the name of this target, or clear its title.",
  "action.stepRefused.title": "That change is not possible now",
  "action.stepRefused.body":
    "The action is no longer where this form left it: it may be archived (restore it first), already published, closed or changed by someone else. Open the action again to see where it stands.",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "home.title": "Tome acción",
  "home.intro":
    "Peticiones y cartas de organizaciones que trabajan juntas. Firme, comparta y sume a su gente.",
  "home.empty": "Todavía no hay acciones publicadas.",
  "home.sponsoredBy": "Patrocinada por {sponsor}",
  "action.sponsor": "Organización patrocinadora",
  "action.date": "Fecha",
  "action.link": "Enlace de la acción",
  "action.type": "Tipo de acción",
  "action.type.petition": "Petición en línea",
  "action.type.letter": "Carta a quienes deciden",
  "action.type.external": "Acción en otro sitio",
  "action.description": "Sobre el tema",
  "action.targets": "Dirigida a",
  "action.letter": "Lo que usted firma",
  "action.cosponsors": "Copatrocinadores",
  "action.cosponsorCount": {
    one: "{count} organización copatrocina esta acción.",
    other: "{count} organizaciones copatrocinan esta acción.",
  },
  "action.signatures": { one: "{count} persona ha firmado", other: "{count} personas han firmado" },
  "action.goal": "Meta: {goal}",
  "action.closed":
    "Esta acción está cerrada y ya no recibe firmas. Gracias a todas las personas que firmaron.",
  "action.external.go": "Tome acción en el sitio de la organización",
  "action.external.note": "Este enlace lo lleva a una página alojada en otro sitio.",
  "editor.target.help":
    "Las personas u oficinas a las que se dirige esta acción. Deje vacío un cargo en español para mostrar el cargo en inglés.",
  "editor.target.legend": "Destinatario {number}",
  "editor.target.name": "Nombre",
  "editor.target.titleEn": "Cargo u oficina (inglés)",
  "editor.target.titleEs": "Cargo u oficina (español)",
  "editor.target.add": "Agregar otro destinatario",
  "field.target.nameRequired": "Escriba el nombre de este destinatario, o borre su cargo.",
  "action.stepRefused.title": "Ese cambio no es posible ahora",
  "action.stepRefused.body":
    "La acción ya no está como la dejó este formulario: puede estar archivada (restáurela primero), ya publicada, cerrada o cambiada por otra persona. Abra la acción de nuevo para ver su estado.",
};
