/**
 * The API reference page (/en/api): its chrome. Route summaries, tags and field descriptions come
 * from the OpenAPI document and stay in English: they are the API's own words.
 */
import type { Message } from "../message.ts";

export const en = {
  "apiReference.title": "API reference",
  "apiReference.intro":
    "Other tools (a CRM, a script written for Action Network) read an organization's petitions and letters, their signatures and the people who agreed to hear from it through the OSDI API at {address}.",
  "apiReference.auth":
    "Send your organization's API key in the OSDI-API-Token header: its owners make keys in the organization's admin. Each key may send 4 requests a second.",
  "apiReference.document": "The same reference, for programs:",
  "apiReference.documentLink": "the OpenAPI 3.1 document",
  "apiReference.englishNote":
    "What each route and field does is written in English, as the API itself says it.",
  "apiReference.keyless": "Also answers without a key.",
  "apiReference.parameters": "Parameters",
  "apiReference.body": "JSON body",
  "apiReference.answers": "Answers",
  "apiReference.in.path": "in the path",
  "apiReference.in.query": "in the query",
  "apiReference.required": "required",
  "apiReference.optional": "optional",
  "apiReference.status.200": "the resource, as HAL+JSON",
  "apiReference.status.200.list": "a page of the collection, as HAL+JSON",
  "apiReference.status.400": "a malformed request: a bad parameter, filter or JSON body",
  "apiReference.status.401": "no API key, or a key that is not valid",
  "apiReference.status.403": "the API key was revoked",
  "apiReference.status.404": "no such resource for this key's organization",
  "apiReference.status.422": "the body was read but its values are refused",
  "apiReference.status.429": "too many requests; wait as long as Retry-After says",
  "apiReference.errorShape":
    "Every error has both shapes clients read: an error string, and an osdi:error object with a stable error_code.",
} as const satisfies Record<string, Message>;

export const es: Record<keyof typeof en, Message> = {
  "apiReference.title": "Referencia de la API",
  "apiReference.intro":
    "Otras herramientas (un CRM, un programa escrito para Action Network) leen las peticiones y cartas de una organización, sus firmas y las personas que aceptaron recibir noticias suyas a través de la API OSDI en {address}.",
  "apiReference.auth":
    "Envíe la clave de API de su organización en el encabezado OSDI-API-Token: sus propietarios crean claves en la administración de la organización. Cada clave puede enviar 4 solicitudes por segundo.",
  "apiReference.document": "La misma referencia, para programas:",
  "apiReference.documentLink": "el documento OpenAPI 3.1",
  "apiReference.englishNote":
    "Lo que hace cada ruta y campo está escrito en inglés, como lo dice la propia API.",
  "apiReference.keyless": "También responde sin clave.",
  "apiReference.parameters": "Parámetros",
  "apiReference.body": "Cuerpo JSON",
  "apiReference.answers": "Respuestas",
  "apiReference.in.path": "en la ruta",
  "apiReference.in.query": "en la consulta",
  "apiReference.required": "obligatorio",
  "apiReference.optional": "opcional",
  "apiReference.status.200": "el recurso, en HAL+JSON",
  "apiReference.status.200.list": "una página de la colección, en HAL+JSON",
  "apiReference.status.400": "una solicitud mal formada: un parámetro, filtro o cuerpo JSON incorrecto",
  "apiReference.status.401": "falta la clave de API, o la clave no es válida",
  "apiReference.status.403": "la clave de API fue revocada",
  "apiReference.status.404": "no existe ese recurso para la organización de la clave",
  "apiReference.status.422": "el cuerpo se leyó pero sus valores se rechazan",
  "apiReference.status.429": "demasiadas solicitudes; espere lo que indique Retry-After",
  "apiReference.errorShape":
    "Cada error tiene las dos formas que leen los clientes: un texto error, y un objeto osdi:error con un error_code estable.",
};
