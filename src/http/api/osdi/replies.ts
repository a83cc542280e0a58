/**
 * What every API route answers with: HAL bodies, errors in both shapes clients read (Action
 * Network's `error` string and OSDI's `osdi:error`), and the request parts every route reads.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { ApiCaller } from "../../../modules/api-keys/api-keys.ts";
import { isProblem, type OsdiProblem, type Paging, readPaging } from "../../../modules/osdi/osdi.ts";
import { type ApiUrls, halType } from "./hal.ts";

export interface ErrorDescription {
  code: string;
  description: string;
  properties?: string[];
  hint?: string;
}

export function sendError(reply: FastifyReply, status: number, error: ErrorDescription): FastifyReply {
  return sendErrors(reply, status, [error]);
}

/** Several problems with one request (each refused field of a body), in one answer. */
export function sendErrors(reply: FastifyReply, status: number, errors: ErrorDescription[]): FastifyReply {
  return reply
    .code(status)
    .type(halType)
    .send({
      error: errors.map((error) => error.description).join(" "),
      "osdi:error": {
        request_type: "atomic",
        response_code: status,
        resource_status: [
          {
            response_code: status,
            error_descriptions: errors.map((error) => ({
              error_code: error.code,
              description: error.description,
              properties: error.properties ?? [],
              hint: error.hint ?? "",
            })),
          },
        ],
      },
    });
}

export const problemError = (problem: OsdiProblem): ErrorDescription => ({
  code: problem.code,
  description: problem.description,
  properties: [problem.property],
  hint: problem.hint,
});

export const hal = (reply: FastifyReply, body: unknown) => reply.type(halType).send(body);

export type Query = Record<string, string | undefined>;

/** The key's organization; routes that take keyless requests read `request.apiCaller` instead. */
export function callerOf(request: FastifyRequest): ApiCaller {
  if (!request.apiCaller) throw new Error("API route reached without a caller");
  return request.apiCaller;
}

export const filterOf = (query: Query) => query.filter ?? query.$filter;

/** A native id from the URL; anything else is no id of ours (0 matches nothing: a 404). */
export const idOf = (param: string) => (/^[1-9]\d{0,14}$/.test(param) ? Number(param) : 0);

/**
 * The native id of a person named by its URL in this API (`<api>/people/<id>`); null for any
 * other URL, which names no person of ours.
 */
export function personIdOfHref(urls: ApiUrls, href: string): number | null {
  const prefix = `${urls.api}/people/`;
  if (!href.startsWith(prefix)) return null;
  const id = /^([1-9]\d{0,14})\/?$/.exec(href.slice(prefix.length))?.[1];
  return id === undefined ? null : Number(id);
}

/** The page asked for, or the 400 already sent (then the route returns the reply). */
export function pagingOf(query: Query, reply: FastifyReply): Paging | null {
  const paging = readPaging(query);
  if (!isProblem(paging)) return paging;
  sendError(reply, 400, problemError(paging));
  return null;
}
