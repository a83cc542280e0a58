/**
 * Webhook jobs, collected by src/jobs/registry.ts: each delivery (the body is built when it is
 * sent, from the signature, comment or co-sponsorship change as it is then), and the mail that tells the owners a subscription was
 * disabled. Safe to repeat: a receiver may get an event twice, with the same idempotency key.
 */
import type { CommentsService } from "../comments/comments.service.ts";
import type { CosponsorsService } from "../cosponsors/cosponsors.service.ts";
import type { Mailer } from "../mail/mail.ts";
import type { OrganizationsService } from "../organizations/organizations.service.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { SignaturesService } from "../signatures/signatures.service.ts";
import type { WebhooksService } from "./webhooks.service.ts";
import {
  commentEventBody,
  cosponsorshipEventBody,
  type EventLinks,
  signatureEventBody,
  type WebhookEvent,
} from "./webhooks.ts";

export interface WebhookJobDeps {
  mailer: Mailer;
  baseUrl: string;
  eventLinks: EventLinks;
  webhooks: WebhooksService;
  signatures: SignaturesService;
  comments: CommentsService;
  cosponsors: CosponsorsService;
  organizations: OrganizationsService;
}

export function webhookJobs(deps: WebhookJobDeps) {
  const { mailer, baseUrl, eventLinks, webhooks, signatures, comments, cosponsors, organizations } = deps;

  /** Each event's body, from its subject as it is when sent; undefined when there is nothing to tell. */
  const bodies: Record<WebhookEvent, (subjectId: number) => Promise<string | undefined>> = {
    "signature.confirmed": async (id) => {
      const facts = await signatures.webhookFacts(id);
      return facts && signatureEventBody(facts, baseUrl);
    },
    "comment.approved": async (id) => {
      const facts = await comments.webhookFacts(id);
      return facts && commentEventBody(facts, eventLinks, baseUrl);
    },
    "cosponsorship.changed": async (id) => {
      const facts = await cosponsors.webhookFacts(id);
      return facts && cosponsorshipEventBody(facts, eventLinks, baseUrl);
    },
  };

  const delivery = (job: OutboxJobs["webhook.delivery"]) =>
    webhooks.deliver(job, () => bodies[job.event](job.subjectId));

  const disabledEmail = async ({ subscriptionId }: OutboxJobs["webhook.disabled_email"]) => {
    const notice = await webhooks.disabledNotice(subscriptionId);
    if (!notice) return;
    const { organization, members } = await organizations.contactsFor(
      notice.organizationId,
      "webhooks.manage",
    );
    for (const owner of members)
      await mailer.send({
        template: "webhook_disabled",
        locale: owner.locale,
        input: {
          baseUrl,
          to: owner.email,
          organizationName: organization.name,
          organizationSlug: organization.slug,
          subscriptionId,
          url: notice.url,
        },
      });
  };

  return {
    handlers: { "webhook.delivery": delivery, "webhook.disabled_email": disabledEmail },
    tasks: [],
  };
}
