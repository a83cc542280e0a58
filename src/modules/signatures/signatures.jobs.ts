/** The signatures capability's jobs, collected by src/jobs/registry.ts. */
import type { CommentsService } from "../comments/comments.service.ts";
import type { Mailer } from "../mail/mail.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { SignatureCounts } from "./signature-counts.ts";
import type { SignaturesService } from "./signatures.service.ts";

/**
 * Asks for the mail of a signature (the mail thread renders and sends it). Safe to repeat: at
 * worst the person gets the same mail twice.
 */
function signatureEmailHandler(deps: { signatures: SignaturesService; mailer: Mailer; baseUrl: string }) {
  return async ({ signatureId, reason }: OutboxJobs["signature.email"]): Promise<void> => {
    const context = await deps.signatures.mailContext(signatureId);
    if (!context) return;
    const kind = context.status === "confirmed" ? "already_signed" : reason;
    await deps.mailer.send({
      template: "signature",
      locale: context.locale,
      input: {
        baseUrl: deps.baseUrl,
        to: context.email,
        name: context.name,
        title: context.title,
        sponsorName: context.sponsorName,
        slug: context.actionSlug,
        token: context.token,
        kind,
      },
    });
  };
}

/**
 * Publishes a confirmed signer's comment in the discussion, through the comments service and
 * its moderation rules. Safe to repeat: one comment per signature.
 */
function signatureCommentHandler(deps: { signatures: SignaturesService; comments: CommentsService }) {
  return async ({ signatureId }: OutboxJobs["signature.comment"]): Promise<void> => {
    const signer = await deps.signatures.commentToPublish(signatureId);
    if (signer) await deps.comments.postFromSignature(signer);
  };
}

export function signatureJobs(deps: {
  signatures: SignaturesService;
  signatureCounts: SignatureCounts;
  comments: CommentsService;
  mailer: Mailer;
  baseUrl: string;
}) {
  return {
    handlers: {
      "signature.email": signatureEmailHandler(deps),
      "signature.comment": signatureCommentHandler(deps),
    },
    tasks: [
      // Deltas a node wrote and did not flush (it died, or its flush failed) are added here.
      { name: "signatures.count_deltas", everyMs: 5_000, run: () => deps.signatureCounts.flush() },
      {
        name: "signatures.reconcile_counts",
        everyMs: 60 * 60_000,
        run: async () => {
          await deps.signatureCounts.reconcile();
        },
      },
    ],
  };
}
