/**
 * Webhook jobs, collected by src/jobs/registry.ts: each delivery (the body is built when it is
 * sent, from the signature as it is then), and the mail that tells the owners a subscription was
 * disabled. Safe to repeat: a receiver may get an event twice, with the same idempotency key.
 */
import type { Mailer } from "../mail/mail.ts";
import type { OrganizationsService } from "../organizations/organizations.service.ts";
import type { OutboxJobs } from "../outbox/outbox.ts";
import type { SignaturesService } from "../signatures/signatures.service.ts";
import type { WebhooksService } from "./webhooks.service.ts";
import { signatureEventBody } from "./webhooks.ts";

export interface WebhookJobDeps {
  mailer: Mailer;
  baseUrl: string;
  webhooks: WebhooksService;
  signatures: SignaturesService;
  organizations: OrganizationsService;
}

export function webhookJobs(deps: WebhookJobDeps) {
  const { mailer, baseUrl, webhooks, signatures, organizations } = deps;

  const delivery = (job: OutboxJobs["webhook.delivery"]) =>
    webhooks.deliver(job, async () => {
      const facts = await signatures.webhookFacts(job.subjectId);
      return facts && signatureEventBody(facts, baseUrl);
    });

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
