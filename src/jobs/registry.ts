/**
 * Every job of every capability, in one place: each capability declares its outbox handlers and
 * periodic tasks in modules/<cap>/<cap>.jobs.ts, and this list collects them. A new capability's
 * jobs are one entry here; a missing handler fails to compile, a kind handled twice fails to start.
 */
import type { Db } from "../db/database.ts";
import { accountJobs } from "../modules/accounts/accounts.jobs.ts";
import type { AccountsService } from "../modules/accounts/accounts.service.ts";
import { actionJobs } from "../modules/actions/actions.jobs.ts";
import type { ActionEditorService } from "../modules/actions/editor.service.ts";
import { commentNotificationJobs } from "../modules/comment-notifications/comment-notifications.jobs.ts";
import type { CommentNotificationsService } from "../modules/comment-notifications/comment-notifications.service.ts";
import type { CommentsService } from "../modules/comments/comments.service.ts";
import { cosponsorJobs } from "../modules/cosponsors/cosponsors.jobs.ts";
import type { CosponsorsService } from "../modules/cosponsors/cosponsors.service.ts";
import { deliveryJobs } from "../modules/delivery/delivery.jobs.ts";
import type { DeliveryService } from "../modules/delivery/delivery.service.ts";
import type { Mailer } from "../modules/mail/mail.ts";
import type { OrganizationsService } from "../modules/organizations/organizations.service.ts";
import { outboxJobs } from "../modules/outbox/outbox.jobs.ts";
import type { PeriodicTask } from "../modules/periodic-task.ts";
import type { SignatureCounts } from "../modules/signatures/signature-counts.ts";
import { signatureJobs } from "../modules/signatures/signatures.jobs.ts";
import type { SignaturesService } from "../modules/signatures/signatures.service.ts";
import { signerRightsJobs } from "../modules/signer-rights/signer-rights.jobs.ts";
import type { SignerRightsService } from "../modules/signer-rights/signer-rights.service.ts";
import { updateJobs } from "../modules/updates/updates.jobs.ts";
import type { UpdatesService } from "../modules/updates/updates.service.ts";
import { webhookJobs } from "../modules/webhooks/webhooks.jobs.ts";
import type { WebhooksService } from "../modules/webhooks/webhooks.service.ts";
import type { EventLinks } from "../modules/webhooks/webhooks.ts";
import { paths } from "../views/paths.ts";
import type { Handlers } from "./worker.ts";

export interface JobDeps {
  db: Db;
  mailer: Mailer;
  baseUrl: string;
  signatures: SignaturesService;
  signatureCounts: SignatureCounts;
  accounts: AccountsService;
  cosponsors: CosponsorsService;
  comments: CommentsService;
  commentNotifications: CommentNotificationsService;
  organizations: OrganizationsService;
  webhooks: WebhooksService;
  updates: UpdatesService;
  signerRights: SignerRightsService;
  delivery: DeliveryService;
  editor: ActionEditorService;
}

type AllOf<U> = (U extends unknown ? (all: U) => void : never) extends (all: infer I) => void ? I : never;

export function collectJobs(deps: JobDeps): { handlers: Handlers; tasks: PeriodicTask[] } {
  const declared = [
    signatureJobs(deps),
    accountJobs(deps),
    cosponsorJobs(deps),
    commentNotificationJobs(deps),
    outboxJobs(deps),
    webhookJobs({ ...deps, eventLinks: webhookEventLinks(deps.baseUrl) }),
    updateJobs(deps),
    signerRightsJobs(deps),
    deliveryJobs(deps),
    actionJobs(deps),
  ] as const;
  const kinds = declared.flatMap((jobs) => Object.keys(jobs.handlers));
  const twice = kinds.filter((kind, index) => kinds.indexOf(kind) !== index);
  if (twice.length > 0) throw new Error(`outbox kinds handled twice: ${twice.join(", ")}`);
  // Typed as every declaration's handlers together: an outbox kind nobody handles fails to compile here.
  const handlers: Handlers = Object.assign({}, ...declared.map((jobs) => jobs.handlers)) as AllOf<
    (typeof declared)[number]["handlers"]
  >;
  return { handlers, tasks: declared.flatMap((jobs) => jobs.tasks) };
}

/**
 * The site's and the API's addresses that webhook events link to, from the routes that serve
 * them (the webhooks module may not import them).
 */
function webhookEventLinks(baseUrl: string): EventLinks {
  return {
    // The OSDI API is mounted at /api/v1 (src/http/app.ts); its petitions route serves this.
    petition: (actionId) => `${baseUrl}/api/v1/petitions/${actionId}`,
    comment: (comment) => baseUrl + paths.comment(comment.locale, comment.actionSlug, comment.id),
  };
}
