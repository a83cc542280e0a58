/**
 * The comment form's proof of work, from our own origin: a fresh challenge per request (never
 * cached: each is spent once) and the script that solves it. The POST that checks the answer is
 * comments.ts's.
 */
import type { FastifyInstance } from "fastify";
import { commentProofScript } from "../../views/pages/comment-proof-script.ts";
import { paths } from "../../views/paths.ts";
import { scriptRoute } from "../render.ts";

export function commentProofRoutes(app: FastifyInstance): void {
  const { proofOfWork } = app.ctx;
  app.get(paths.commentChallenge(), async (_request, reply) =>
    reply.header("cache-control", "no-store").send(await proofOfWork.challenge()),
  );
  scriptRoute(app, paths.commentProofScript(), commentProofScript);
}
