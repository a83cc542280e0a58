/**
 * Composition root: opens the database and wires repositories' users (services), the mailer,
 * the group committer and the outbox worker by hand. The HTTP app receives this object once.
 * Tests swap a part (the clock, the mailer, the logger) through `overrides`; nothing else is
 * replaceable, so what a test runs is what production runs.
 */
import pino, { type Logger } from "pino";
import type { Config } from "./config.ts";
import { type DatabaseHandle, openDatabase } from "./db/database.ts";
import { GroupCommitter } from "./db/group-commit.ts";
import { migrateToLatest } from "./db/migrations/index.ts";
import { openRedis } from "./db/redis.ts";
import { demoFacts } from "./demo/demo-action.ts";
import { collectJobs } from "./jobs/registry.ts";
import { Scheduler } from "./jobs/schedule.ts";
import { OutboxWorker } from "./jobs/worker.ts";
import { FormTokens } from "./modules/abuse/form-token.ts";
import { ProofOfWork } from "./modules/abuse/proof-of-work.ts";
import {
  inMemory,
  KeyedRateLimit,
  NetworkRateLimit,
  type RateLimitStore,
  RedisRateLimitStore,
} from "./modules/abuse/rate-limits.ts";
import { AccountsService } from "./modules/accounts/accounts.service.ts";
import { OidcLogin } from "./modules/accounts/oidc.ts";
import { ActionRowCache } from "./modules/actions/action-rows.ts";
import { ActionsService } from "./modules/actions/actions.service.ts";
import { loadDemoAction } from "./modules/actions/demo.ts";
import { ActionEditorService } from "./modules/actions/editor.service.ts";
import { ApiKeysService } from "./modules/api-keys/api-keys.service.ts";
import { AuditService } from "./modules/audit/audit.service.ts";
import { type Clock, systemClock } from "./modules/clock.ts";
import { CommentNotificationsService } from "./modules/comment-notifications/comment-notifications.service.ts";
import { CommentersService } from "./modules/commenters/commenters.service.ts";
import { OAuthLogin } from "./modules/commenters/oauth.ts";
import { Sealer } from "./modules/commenters/sealed-value.ts";
import { CommentsService } from "./modules/comments/comments.service.ts";
import { CommentModerationService } from "./modules/comments/moderation.service.ts";
import { ContactsService } from "./modules/contacts/contacts.service.ts";
import { CosponsorsService } from "./modules/cosponsors/cosponsors.service.ts";
import { DeliveryService } from "./modules/delivery/delivery.service.ts";
import { GeographyService } from "./modules/geography/geography.service.ts";
import { DevMailStore } from "./modules/mail/dev-mail.repository.ts";
import type { Mailer } from "./modules/mail/mail.ts";
import { ThreadMailer } from "./modules/mail/thread-mailer.ts";
import { compactError } from "./modules/operations/error-log.ts";
import { OperationsService } from "./modules/operations/operations.service.ts";
import { OrganizationsService } from "./modules/organizations/organizations.service.ts";
import { OsdiService } from "./modules/osdi/osdi.service.ts";
import { OutboxService } from "./modules/outbox/outbox.service.ts";
import { PartnersService } from "./modules/partners/partners.service.ts";
import { ShareImages } from "./modules/sharing/share-images.ts";
import { ShortLinksService } from "./modules/shortlinks/shortlinks.service.ts";
import { SignatureAdminService } from "./modules/signatures/signature-admin.service.ts";
import { SignatureCounts } from "./modules/signatures/signature-counts.ts";
import { SignaturesService } from "./modules/signatures/signatures.service.ts";
import { SignerRightsService } from "./modules/signer-rights/signer-rights.service.ts";
import { TagsService } from "./modules/tags/tags.service.ts";
import { UpdatesService } from "./modules/updates/updates.service.ts";
import { WebhooksService } from "./modules/webhooks/webhooks.service.ts";
import { WidgetsService } from "./modules/widgets/widgets.service.ts";
import { renderMailModule } from "./views/emails/render-mail.ts";

export interface AppContext {
  config: Config;
  log: Logger;
  clock: Clock;
  database: DatabaseHandle;
  committer: GroupCommitter;
  mailer: Mailer;
  /** The dev mailbox, to read; present whenever mail stays local (no SMTP, never in production). */
  devMailbox: DevMailStore | null;
  formTokens: FormTokens;
  /** Signatures per address: enough for a busy community meeting on one Wi-Fi, not for a script. */
  /** How confirmations reach the counts (immediate, or deltas flushed shortly after: PostgreSQL). */
  signatureCounts: SignatureCounts;
  /** Where every rate limit counts: Redis shared by the nodes (REDIS_URL), else this process. */
  rateLimits: RateLimitStore;
  signingRateLimit: NetworkRateLimit;
  /**
   * Comments per address and per network around it: fewer than signatures, a discussion is not a
   * petition drive.
   */
  commentRateLimit: NetworkRateLimit;
  /** Comments per person (canonical email), wherever they come from. */
  commentEmailRateLimit: KeyedRateLimit;
  /** The comment form's invisible proof of work: challenges and their verification. */
  proofOfWork: ProofOfWork;
  actions: ActionsService;
  signatures: SignaturesService;
  accounts: AccountsService;
  oidc: OidcLogin;
  organizations: OrganizationsService;
  editor: ActionEditorService;
  audit: AuditService;
  signatureAdmin: SignatureAdminService;
  shortlinks: ShortLinksService;
  /** Share images rendered for link previews, kept in memory per content version, language and count. */
  shareImages: ShareImages;
  cosponsors: CosponsorsService;
  widgets: WidgetsService;
  geography: GeographyService;
  signerRights: SignerRightsService;
  /** The "your data" request form, per network like the signing form. */
  signerRightsRateLimit: NetworkRateLimit;
  /** Co-sponsors as partners: their links, numbers and consenting signers; the sponsor's leaderboard. */
  partners: PartnersService;
  /** Signed-in commenters: sign-in flows and `identify(cookies)`, the comments module's question. */
  commenters: CommentersService;
  comments: CommentsService;
  /** Readers' reports; moderators' edits and replies as the organization. */
  commentModeration: CommentModerationService;
  /** Reports per network: a reader reports a few comments, not a page of them. */
  reportRateLimit: NetworkRateLimit;
  /** Subscriptions to discussions (double opt-in), notices of approved comments, moderators' digests. */
  commentNotifications: CommentNotificationsService;
  /** The organizations' keys for the OSDI API. */
  apiKeys: ApiKeysService;
  /** API requests per key: Action Network's 4 a second, which clients already pace themselves to. */
  apiRateLimit: KeyedRateLimit;
  /** Organizations' own contact lists (the API's people): the signup helper's upsert and consenting signers. */
  contacts: ContactsService;
  /** The OSDI API's reads for a key's organization. */
  osdi: OsdiService;
  /** Tags of an organization's contacts and their taggings (the API's, and the helpers' add_tags). */
  tags: TagsService;
  /** Organizations' webhook subscriptions, their deliveries through the outbox and the delivery log. */
  webhooks: WebhooksService;
  /** Liveness, readiness and metrics of this node (/healthz, /readyz, /metrics). */
  operations: OperationsService;
  /** Updates on actions: posted by the sponsor, on the page and feed, mailed to consenting signers in batches. */
  updates: UpdatesService;
  /** Delivering an action's letter and signers to its targets: downloads and mail through the outbox. */
  delivery: DeliveryService;
  worker: OutboxWorker;
  /** Periodic leased tasks (purges); started by main.ts like the worker. */
  scheduler: Scheduler;
  close(): Promise<void>;
}

/** The parts a test may replace; each defaults to the real one. */
export interface ContextOverrides {
  log?: Logger;
  clock?: Clock;
  mailer?: Mailer;
}

export async function createContext(config: Config, overrides: ContextOverrides = {}): Promise<AppContext> {
  const log = overrides.log ?? pino({ level: config.logLevel, serializers: { err: compactError } });
  const clock = overrides.clock ?? systemClock;
  const database = openDatabase(config.database, {
    onConnectionError: (error) => log.warn({ err: error }, "database connection lost"),
    onCheckpointError: (error) => log.warn({ err: error }, "SQLite checkpoint thread failed"),
  });
  await migrateToLatest(database.db, database.engine);
  const { db } = database;
  const redis = config.redis && openRedis(config.redis.url, log);
  const rateLimits: RateLimitStore =
    redis && config.redis
      ? new RedisRateLimitStore(redis, { keyPrefix: config.redis.keyPrefix, secret: config.secret })
      : inMemory;
  const outbox = new OutboxService(db, clock);
  const operations = new OperationsService({
    db,
    outbox,
    redis,
    maxOutboxLagSeconds: config.maxOutboxLagSeconds,
  });
  const committer = new GroupCommitter(db, {
    concurrency: database.engine === "sqlite" ? 1 : 4,
    onBatch: (units) => operations.recordBatch(units),
    maxQueue: config.maxQueuedSignatures,
  });
  const devMailbox = config.smtpUrl === null ? new DevMailStore(config.devMailFile) : null;
  const mailer: Mailer = operations.countingMail(
    overrides.mailer ??
      new ThreadMailer({
        smtpUrl: config.smtpUrl,
        mailFrom: config.mailFrom,
        devMailFile: config.devMailFile,
        rendererModule: renderMailModule,
      }),
  );
  const actionRows = new ActionRowCache(db, { clock });
  const actions = new ActionsService(db, actionRows, clock);
  let worker: OutboxWorker | undefined;
  const outboxWritten = () => worker?.wake();
  const webhooks = new WebhooksService({ db, clock, ...config.webhooks, outboxWritten });
  // Each needs the other: tags check a tagged person through contacts, contacts tag a signup.
  const tags = new TagsService({
    db,
    clock,
    contacts: { isContactOf: (organizationId, id) => contacts.isContactOf(organizationId, id) },
  });
  const contacts = new ContactsService({ db, tags });
  const signatureCounts = new SignatureCounts({
    db,
    ...config.signatureCounts,
    onCounted: (actionIds) => {
      for (const actionId of actionIds) actionRows.forget(actionId);
    },
    log,
  });
  const signatures = new SignaturesService({
    counts: signatureCounts,
    db,
    committer,
    secret: config.secret,
    outboxWritten: (leasedJobs) => worker?.accept(leasedJobs),
    actionRows,
    webhooks,
    contacts,
    outboxLeaseMs: config.outboxLeaseMs,
    clock,
  });
  const accounts = new AccountsService({ db, secret: config.secret, outboxWritten, clock, rateLimits });
  const signatureAdmin = new SignatureAdminService(db, actionRows, actions, database.reader);
  const organizations = new OrganizationsService({ db, accounts, outboxWritten });
  const shortlinks = new ShortLinksService({ db, committer, log, baseUrl: config.baseUrl, actions });
  const editor = new ActionEditorService(db, actionRows, { signatures: signatureAdmin, shortlinks }, clock);
  const cosponsors = new CosponsorsService({
    db,
    secret: config.secret,
    outboxWritten,
    actions,
    editor,
    organizations,
    accounts,
    webhooks,
    clock,
    rateLimits,
  });
  const partners = new PartnersService({
    baseUrl: config.baseUrl,
    actions,
    cosponsors,
    shortlinks,
    signatures: signatureAdmin,
  });
  const oidc = new OidcLogin(config.oidcProviders, { production: config.production });
  const commenters = new CommentersService({
    sealer: new Sealer(config.secret),
    clock,
    log,
    oidc,
    oauth: new OAuthLogin(config.oauthProviders),
    accounts,
  });
  const commentNotifications = new CommentNotificationsService({
    db,
    secret: config.secret,
    clock,
    outboxWritten,
    actions,
  });
  const comments = new CommentsService({
    db,
    committer,
    log,
    secret: config.secret,
    clock,
    actions,
    notifications: commentNotifications,
    webhooks,
  });
  const commentModeration = new CommentModerationService({
    db,
    secret: config.secret,
    clock,
    actions,
    comments,
    notifications: commentNotifications,
    webhooks,
  });
  const updates = new UpdatesService({
    db,
    secret: config.secret,
    baseUrl: config.baseUrl,
    clock,
    outboxWritten,
    actions,
  });
  const signerRights = new SignerRightsService({
    db,
    secret: config.secret,
    clock,
    outboxWritten,
    rateLimits,
    actionsChanged: (ids) => {
      for (const id of ids) actionRows.forget(id);
    },
  });
  const delivery = new DeliveryService({ db, actions, signatures: signatureAdmin, outboxWritten, clock });
  const jobs = collectJobs({
    db,
    mailer,
    baseUrl: config.baseUrl,
    signatures,
    signatureCounts,
    accounts,
    cosponsors,
    comments,
    commentNotifications,
    organizations,
    webhooks,
    updates,
    signerRights,
    delivery,
    editor,
  });
  worker = new OutboxWorker(
    committer,
    jobs.handlers,
    log,
    // The dev mailbox stores a thousand mails in one transaction, so a flood's mail keeps pace
    // with its signatures; over SMTP (~5 connections) a batch must still end well within its lease.
    { acceptedBatchSize: config.smtpUrl ? 50 : 1_000, clock, leaseMs: config.outboxLeaseMs },
  );
  const scheduler = new Scheduler(db, jobs.tasks, log, { clock });
  if (config.seedDemo && (await loadDemoAction(db))) {
    await shortlinks.addDemoLink(demoFacts.short_link.slug, demoFacts.short_link.slug);
    log.info("loaded the demo action at /a/optoutnow and /optoutnow");
  }
  return {
    config,
    log,
    clock,
    database,
    committer,
    mailer,
    devMailbox,
    formTokens: new FormTokens(config.secret),
    signatureCounts,
    rateLimits,
    signingRateLimit: new NetworkRateLimit({ points: 30, durationSeconds: 600 }, null, rateLimits, "signing"),
    commentRateLimit: new NetworkRateLimit(
      { points: 20, durationSeconds: 600 },
      { points: 60, durationSeconds: 600 },
      rateLimits,
      "comments",
    ),
    commentEmailRateLimit: new KeyedRateLimit(
      { points: 10, durationSeconds: 600 },
      rateLimits,
      "comments:email",
    ),
    proofOfWork: new ProofOfWork({ secret: config.secret }),
    actions,
    signatures,
    accounts,
    oidc,
    organizations,
    editor,
    audit: new AuditService(db),
    signatureAdmin,
    shortlinks,
    shareImages: new ShareImages(),
    cosponsors,
    widgets: new WidgetsService({ db, actions, cosponsors }),
    geography: new GeographyService({ db, actions, clock }),
    signerRights,
    signerRightsRateLimit: new NetworkRateLimit({ points: 10, durationSeconds: 600 }),
    partners,
    commenters,
    comments,
    commentModeration,
    reportRateLimit: new NetworkRateLimit({ points: 10, durationSeconds: 600 }, null, rateLimits, "reports"),
    commentNotifications,
    apiKeys: new ApiKeysService(db),
    apiRateLimit: new KeyedRateLimit({ points: 4, durationSeconds: 1 }, rateLimits, "api"),
    osdi: new OsdiService({ actions, signatures, contacts, editor, organizations, cosponsors }),
    contacts,
    tags,
    webhooks,
    operations,
    updates,
    delivery,
    worker,
    scheduler,
    async close() {
      try {
        await scheduler.stop();
        await signatureCounts.close();
        await shortlinks.close();
        await worker.stop();
        await comments.flushVotes();
        await mailer.close();
        redis?.disconnect();
      } finally {
        operations.close();
        devMailbox?.close();
        await database.close();
      }
    },
  };
}
