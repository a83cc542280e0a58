/** API keys: the admin page where owners make and revoke the organization's keys for the OSDI API. */
import type { Message } from "../message.ts";

export const en = {
  "apiKeys.title": "API keys",
  "apiKeys.intro":
    "A key lets another tool (a CRM, a script written for Action Network) read this organization's actions through the OSDI API at {address}, and the signers who agreed to hear from it. Send it in the OSDI-API-Token header.",
  "apiKeys.new": "New key",
  "apiKeys.name": "Name",
  "apiKeys.nameHint": "What the key is for, like “CRM sync”.",
  "apiKeys.name.tooLong": "Keep the name within {max} characters.",
  "apiKeys.trusted": "Trusted: signatures this key records count as confirmed without an email",
  "apiKeys.create": "Create key",
  "apiKeys.none": "No API keys yet.",
  "apiKeys.prefix": "Starts with",
  "apiKeys.created": "Created",
  "apiKeys.createdBy": "By",
  "apiKeys.state": "State",
  "apiKeys.active": "Active",
  "apiKeys.activeTrusted": "Active, trusted",
  "apiKeys.revokedAt": "Revoked",
  "apiKeys.revoke": "Revoke",
  "apiKeys.revokeTitle": "Revoke this key?",
  "apiKeys.revokeBody":
    "Tools using “{name}” ({prefix}…) will be refused from their next request. This cannot be undone; make a new key instead.",
  "apiKeys.secretTitle": "Copy the key now",
  "apiKeys.secretBody":
    "This is the only time the key “{name}” is shown. Juntos keeps only a fingerprint of it: if it is lost, revoke it and make another.",
  "apiKeys.secretLabel": "The key",
  "apiKeys.signatures": "Signatures it records",
  "apiKeys.signatures.immediate": "Confirmed at once",
  "apiKeys.signatures.email": "Confirmed by the signer’s email",
  "apiKeys.signatures.toEmail": "Ask for email confirmation",
  "apiKeys.signatures.toImmediate": "Confirm at once",
  "apiKeys.untrusted.title": "This key is not trusted",
  "apiKeys.untrusted.body":
    "Signatures recorded with a key that is not trusted always wait for the signer’s email confirmation. Make a trusted key instead.",
  "notice.apiKeyRevoked": "Revoked the key “{name}”.",
  "notice.apiKeySignaturesImmediate": "Signatures recorded with “{name}” are now confirmed at once.",
  "notice.apiKeySignaturesEmail":
    "Signatures recorded with “{name}” now wait for the signer’s email confirmation.",
  "audit.kind.api_key": "API keys",
  "audit.event.apiKeyCreated": "Created the API key “{name}” ({prefix}…).",
  "audit.event.apiKeyRevoked": "Revoked the API key “{name}” ({prefix}…).",
  "audit.event.apiKeySignaturesImmediate":
    "Set the API key “{name}” ({prefix}…) to confirm the signatures it records at once.",
  "audit.event.apiKeySignaturesEmail":
    "Set the API key “{name}” ({prefix}…) to have the signatures it records confirmed by email.",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "apiKeys.title": "Claves de API",
  "apiKeys.intro":
    "Una clave permite que otra herramienta (un CRM, un script escrito para Action Network) lea las acciones de esta organización a través de la API OSDI en {address}, y a quienes firmaron y aceptaron saber de ella. Envíela en la cabecera OSDI-API-Token.",
  "apiKeys.new": "Nueva clave",
  "apiKeys.name": "Nombre",
  "apiKeys.nameHint": "Para qué es la clave, por ejemplo «Sincronización del CRM».",
  "apiKeys.name.tooLong": "El nombre debe tener como máximo {max} caracteres.",
  "apiKeys.trusted": "De confianza: las firmas que registre esta clave cuentan como confirmadas sin correo",
  "apiKeys.create": "Crear clave",
  "apiKeys.none": "Todavía no hay claves de API.",
  "apiKeys.prefix": "Empieza por",
  "apiKeys.created": "Creada",
  "apiKeys.createdBy": "Por",
  "apiKeys.state": "Estado",
  "apiKeys.active": "Activa",
  "apiKeys.activeTrusted": "Activa, de confianza",
  "apiKeys.revokedAt": "Revocada",
  "apiKeys.revoke": "Revocar",
  "apiKeys.revokeTitle": "¿Revocar esta clave?",
  "apiKeys.revokeBody":
    "Las herramientas que usan «{name}» ({prefix}…) serán rechazadas desde su próxima petición. No se puede deshacer; cree una clave nueva en su lugar.",
  "apiKeys.secretTitle": "Copie la clave ahora",
  "apiKeys.secretBody":
    "Es la única vez que se muestra la clave «{name}». Juntos guarda solo una huella de ella: si se pierde, revóquela y cree otra.",
  "apiKeys.secretLabel": "La clave",
  "apiKeys.signatures": "Firmas que registra",
  "apiKeys.signatures.immediate": "Confirmadas al momento",
  "apiKeys.signatures.email": "Confirmadas por correo de quien firma",
  "apiKeys.signatures.toEmail": "Pedir confirmación por correo",
  "apiKeys.signatures.toImmediate": "Confirmar al momento",
  "apiKeys.untrusted.title": "Esta clave no es de confianza",
  "apiKeys.untrusted.body":
    "Las firmas registradas con una clave que no es de confianza siempre esperan la confirmación por correo de quien firma. Cree una clave de confianza en su lugar.",
  "notice.apiKeyRevoked": "Se revocó la clave «{name}».",
  "notice.apiKeySignaturesImmediate": "Las firmas registradas con «{name}» ahora se confirman al momento.",
  "notice.apiKeySignaturesEmail":
    "Las firmas registradas con «{name}» ahora esperan la confirmación por correo de quien firma.",
  "audit.kind.api_key": "Claves de API",
  "audit.event.apiKeyCreated": "Creó la clave de API «{name}» ({prefix}…).",
  "audit.event.apiKeyRevoked": "Revocó la clave de API «{name}» ({prefix}…).",
  "audit.event.apiKeySignaturesImmediate":
    "Configuró la clave de API «{name}» ({prefix}…) para confirmar al momento las firmas que registra.",
  "audit.event.apiKeySignaturesEmail":
    "Configuró la clave de API «{name}» ({prefix}…) para que las firmas que registra se confirmen por correo.",
};
