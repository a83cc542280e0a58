/** Sign-in with external OpenID Connect providers: /auth/oidc/{provider} and its callback. */
import type { FastifyInstance } from "fastify";

export function oidcRoutes(_app: FastifyInstance): void {}
