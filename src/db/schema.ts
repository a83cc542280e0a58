/**
 * Row types for Kysely. Portable conventions (see docs/decisions/002-portable-storage.md):
 * timestamps are ISO-8601 UTC text, booleans are 0/1 integers, ids are integers.
 */
import type { Generated } from "kysely";

export type Locale = "en" | "es";

export interface OrganizationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  short_name: string | null;
  website: string | null;
  city: string | null;
  state: string | null;
  /** IANA zone the admin shows times in. */
  time_zone: Generated<string>;
  created_at: string;
  /** Migration 032: months after an action closes that its signers' details are kept. */
  retention_months: Generated<number>;
}

export interface OrganizationTextsTable {
  organization_id: number;
  locale: Locale;
  description: string;
}

export interface OrganizationLogosTable {
  organization_id: number;
  content_type: string;
  bytes: Buffer;
  updated_at: string;
}

export interface AccountsTable {
  id: Generated<number>;
  email: string;
  email_canonical: string;
  name: string;
  password_hash: string | null;
  email_verified_at: string | null;
  is_platform_admin: number;
  locale: Locale;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  account_id: number;
  created_at: string;
  expires_at: string;
}

export type TokenPurpose = "setup" | "verify_email" | "reset_password" | "magic_link" | "invitation";

export interface AccountTokensTable {
  id: Generated<number>;
  purpose: TokenPurpose;
  email: string | null;
  account_id: number | null;
  data: string | null;
  expires_at: string;
  used_at: string | null;
  created_at: string;
  /** Invitations only: the organization, and the account that sent it (migration 007). */
  organization_id: number | null;
  invited_by: number | null;
}

export interface OidcIdentitiesTable {
  provider: string;
  subject: string;
  account_id: number;
  created_at: string;
}

export type Role = "owner" | "organizer" | "viewer";

export interface MembershipsTable {
  organization_id: number;
  account_id: number;
  role: Role;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  account_id: number | null;
  organization_id: number | null;
  event: string;
  subject: string;
  detail: string;
  created_at: string;
}

export interface ActionsTable {
  id: Generated<number>;
  slug: string;
  sponsor_organization_id: number;
  type: "petition" | "letter" | "external";
  status: "draft" | "published" | "closed";
  action_date: string;
  goal: number;
  external_url: string | null;
  external_clicks: Generated<number>;
  /** Cached count of confirmed signatures, changed in the same transaction as each confirmation. */
  signature_count: Generated<number>;
  created_at: string;
  updated_at: string;
  archived_at: Generated<string | null>;
  /** Bumped with every change of the public co-sponsor list (migration 013). */
  cosponsors_version: Generated<number>;
  /** Bumped with every change of the public discussion (migration 016). */
  comments_version: Generated<number>;
  /** The first publication; null while a draft (migration 019). */
  published_at: string | null;
  /** 1 when the sponsor shows the public where signers are (migration 028). */
  show_geography: Generated<number>;
  /** Migration 032: when it stopped taking signatures (closed, or archived while published). */
  closed_at: Generated<string | null>;
  /** Bumped with every change of the action's updates (migration 030). */
  updates_version: Generated<number>;
  /** When signing closes by itself, an ISO instant; null: no end (migration 031). */
  ends_at: Generated<string | null>;
  /** What a closed action's page says came of it; null until it first closes (migration 031). */
  outcome: Generated<"victory" | "delivered" | "closed" | null>;
  outcome_note_en: Generated<string>;
  outcome_note_es: Generated<string>;
}

/** Migration 033: confirmations not yet added to `actions.signature_count` (PostgreSQL). */
export interface SignatureCountDeltasTable {
  id: Generated<number>;
  action_id: number;
  delta: number;
  /** The UTC day (YYYY-MM-DD) it adds to in signature_days; null for deltas older than migration 034. */
  day: string | null;
}

/** Migration 034: an action's confirmed signatures per UTC day of confirmation, kept as they change. */
export interface SignatureDaysTable {
  action_id: number;
  day: string;
  confirmed: number;
}

/** Each goal the sponsor moved past, with the count when it moved (migration 031). */
export interface ActionGoalChangesTable {
  id: Generated<number>;
  action_id: number;
  from_goal: number;
  to_goal: number;
  signature_count: number;
  changed_at: string;
}

export interface ActionTextsTable {
  action_id: number;
  locale: Locale;
  title: string;
  summary: string;
  description: string;
  letter_text: string;
}

export interface ActionTargetsTable {
  id: Generated<number>;
  action_id: number;
  locale: Locale;
  position: number;
  name: string;
  title: string;
  /** How to reach the target (issue 13); not entered in the editor yet. */
  office: Generated<string | null>;
  email: Generated<string | null>;
  postal_address: Generated<string | null>;
}

export type CosponsorStatus = "pending" | "approved" | "declined" | "withdrawn" | "removed";

export interface ActionCosponsorsTable {
  action_id: number;
  organization_id: number;
  created_at: string;
  /** Migration 013: only `approved` is shown; `pending` waits for the side that did not ask (initiated_by). */
  status: Generated<CosponsorStatus>;
  initiated_by: Generated<"sponsor" | "cosponsor">;
  /** The account that invited or asked; null for rows from before migration 013 or the demo. */
  requested_by: Generated<number | null>;
  decided_by: Generated<number | null>;
  decided_at: Generated<string | null>;
}

export type SignOnStatus = "unverified" | "pending" | "approved" | "declined" | "removed";

/** An organization that signed on to an action without an account (migration 013). */
export interface ActionSignonsTable {
  id: Generated<number>;
  action_id: number;
  name: string;
  city: string | null;
  state: string | null;
  website: string | null;
  contact_name: string | null;
  contact_email: string | null;
  locale: Locale;
  /** `form`: the public sign-on form (verified by mail); `list`: pasted by the sponsor. */
  origin: "form" | "list";
  status: SignOnStatus;
  created_at: string;
  verified_at: string | null;
  decided_by: number | null;
  decided_at: string | null;
}

/** An emailed invitation to co-sponsor an action, for anyone (migration 015). */
export interface CosponsorInvitationsTable {
  id: Generated<number>;
  action_id: number;
  organization_name: string;
  email: string;
  locale: Locale;
  invited_by: number;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  revoked_at: string | null;
}

export interface PeopleTable {
  id: Generated<number>;
  email: string;
  email_canonical: string;
  name: string;
  postal_code: string;
  locale: Locale;
  created_at: string;
  updated_at: string;
}

export interface SignaturesTable {
  id: Generated<number>;
  action_id: number;
  person_id: number;
  /** The name and postal code this signing submitted; the person gets them when it is confirmed. */
  name: string;
  postal_code: string;
  /** Name, email and postal code folded for the organizer's search (signatureSearchText). */
  search: string;
  status: "pending" | "confirmed" | "invalidated";
  comment: string | null;
  consent_sponsor: number;
  source: string | null;
  /** Migration 014: the co-sponsor whose code (its slug) brought the signer, if any. */
  referrer_organization_id: Generated<number | null>;
  /** The referring site's host only, never its full address. */
  website: Generated<string | null>;
  /** The signer agreed to share their details with the referring co-sponsor. */
  consent_referrer: Generated<number>;
  locale: Locale;
  reminders_sent: Generated<number>;
  created_at: string;
  confirmed_at: string | null;
  invalidated_at: Generated<string | null>;
  /** Migration 020: publish the comment in the discussion, under first name and city, once confirmed. */
  publish_comment: Generated<number>;
  /** Migration 020: kept only with publish_comment (or, since 029, public_name). */
  city: Generated<string | null>;
  /** Migration 032: when its signer's details were removed (retention); null while kept. */
  anonymized_at: Generated<string | null>;
  /** Migration 032: the county (FIPS) its postal code was in, kept once anonymized; else null. */
  county_fips: Generated<string | null>;
  /** Migration 029: 1 when the signer agreed to show name and city on the delivered letter. */
  public_name: Generated<number>;
}

/** Migration 029: each delivery of an action's signatures to a target (mailed) or downloaded. */
export interface DeliveriesTable {
  id: Generated<number>;
  action_id: number;
  /** Who delivered it (null once that account is gone). */
  account_id: number | null;
  method: "email" | "pdf" | "csv";
  target_name: string;
  target_email: string | null;
  locale: Locale;
  signature_count: number;
  /** `queued` until the outbox sends the mail; a download is `done` at once. */
  status: "queued" | "sent" | "done";
  created_at: string;
  sent_at: string | null;
}

export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  payload: string;
  status: "pending" | "done" | "dead";
  attempts: Generated<number>;
  run_after: string;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
}

/** A periodic task's lease: the node that moved `leased_until` past now runs the task this period. */
export interface TaskLeasesTable {
  task: string;
  leased_until: string;
}

export interface ShortlinksTable {
  id: Generated<number>;
  /** Lower-case; the top-level path `/<slug>`. */
  slug: string;
  action_id: number;
  /** Attribution passed on to the action page as `?source=`. */
  source: string | null;
  /** Migration 014: a partner's own link; its clicks are the partner's and it carries the partner's code. */
  organization_id: Generated<number | null>;
  created_at: string;
}

/** Migration 014: who may frame an organization's signing widget for an action. */
export interface ActionWidgetsTable {
  action_id: number;
  organization_id: number;
  /** Origins, one per line; empty: no site may frame it. */
  allowed_origins: string;
  updated_at: string;
}

export type DeviceClass = "phone" | "tablet" | "desktop";

/** Click counts per link, UTC day (YYYY-MM-DD), referring host ('' for none) and device class. */
export interface ShortlinkClicksTable {
  shortlink_id: number;
  day: string;
  referrer_host: string;
  device: DeviceClass;
  count: number;
}

export type CommentStatus = "pending" | "approved" | "spam" | "trash";
export type CommentStance = "supports" | "doubts" | "opposes";
export type CommentHoldReason =
  | "first"
  | "links"
  | "words"
  | "spam"
  | "fast"
  | "unverified"
  | "duplicate"
  | "reported";

/** A comment under an action (migration 016). The email is never shown publicly. */
export interface CommentsTable {
  id: Generated<number>;
  action_id: number;
  /** The action's sponsor: whose rules and moderators decide. */
  organization_id: number;
  parent_id: number | null;
  root_id: number | null;
  /** 0 at the top level; replies nest to 2. */
  depth: number;
  author_kind: Generated<"guest" | "account">;
  account_id: number | null;
  /** The OIDC or OAuth provider's id when one vouched for the author (migration 021); else null. */
  sign_in_provider: string | null;
  name: string;
  email: string;
  email_canonical: string;
  website: string | null;
  body: string;
  locale: Locale;
  stance: CommentStance | null;
  status: CommentStatus;
  created_at: string;
  edited_at: string | null;
  approved_at: string | null;
  moderated_by: number | null;
  moderated_at: string | null;
  /** The text's fingerprint for duplicate detection (migration 017); null on older comments. */
  body_fingerprint: string | null;
  /** Why it waits or went to spam; null once a moderator moved it (migration 019). */
  hold_reason: CommentHoldReason | null;
  /** A reply a moderator (account_id) wrote as this organization (migration 019). */
  as_organization_id: number | null;
  /** Migration 020: how many signed-in readers marked it helpful (one row each in comment_votes). */
  helpful_count: Generated<number>;
  /** Migration 020: the comment answered, when the reply was attached to that comment's parent. */
  reply_to_id: Generated<number | null>;
  /** Migration 020: the signature whose signing comment this is, published under first name and city. */
  signature_id: Generated<number | null>;
}

/** A signed-in reader found a comment helpful (migration 020): a stable identity, never an address. */
export interface CommentVotesTable {
  comment_id: number;
  voter_provider: string;
  voter_subject: string;
  created_at: string;
}

/** An organization's moderation rules (migration 016); without a row the defaults apply. */
export interface CommentRulesTable {
  organization_id: number;
  hold_first: number;
  max_links: number;
  spam_words: string;
  hold_words: string;
  updated_at: string;
  /** Reports from different people that hide a comment for review (migration 019). */
  reports_to_hide: Generated<number>;
  /** Days after publication that discussions close; null: never (migration 019). */
  close_after_days: number | null;
}

/**
 * A reader's report of a comment (migration 019): one per reporter and comment. `reporter` is a
 * keyed digest of a signed-in commenter's identity, or a random key per guest report.
 */
export interface CommentReportsTable {
  id: Generated<number>;
  comment_id: number;
  reporter: string;
  reason: string | null;
  created_at: string;
  reviewed_at: string | null;
}

/** An action whose discussion takes no new comments (migration 016). */
export interface CommentClosuresTable {
  action_id: number;
  closed_by: number | null;
  closed_at: string;
}

export type CommentSubscriptionScope = "replies" | "all";

/** An address asking for mail about a discussion (migration 018); mailed only once confirmed. */
export interface CommentSubscriptionsTable {
  id: Generated<number>;
  action_id: number;
  /** The subscriber's own comment, for `replies`; null for `all`. */
  comment_id: number | null;
  scope: CommentSubscriptionScope;
  email: string;
  email_canonical: string;
  locale: Locale;
  status: "pending" | "confirmed" | "ended";
  requested_at: string;
  confirmed_at: string | null;
  ended_at: string | null;
}

/** A person told about a comment (migration 018): nobody is told twice. */
export interface CommentNoticesTable {
  comment_id: number;
  email_canonical: string;
  created_at: string;
}

/** When an organization's moderators were last mailed about held comments (migration 018). */
export interface CommentDigestsTable {
  organization_id: number;
  last_comment_id: number;
  sent_at: string;
}

export interface ApiKeysTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  /** SHA-256 of the secret, hex; the secret itself is shown once and never stored. */
  secret_hash: string;
  prefix: string;
  trusted: Generated<number>;
  /** Migration 025: signatures recorded with the key are confirmed at once, or by the signer's email. */
  signature_confirmation: Generated<"immediate" | "email">;
  created_by: number | null;
  created_at: string;
  revoked_at: string | null;
}

/** Migration 023: an organization's webhook, where new signatures are posted. */
export interface WebhookSubscriptionsTable {
  id: Generated<number>;
  organization_id: number;
  url: string;
  /** Space-separated event names. */
  events: string;
  /** Signs each delivery (HMAC-SHA256); shown once, when the subscription is made. */
  secret: string;
  status: "active" | "paused" | "disabled";
  /** The first failed attempt since the last success. */
  failing_since: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 023: one row per delivery attempt; never a body or a secret. */
export interface WebhookDeliveriesTable {
  id: Generated<number>;
  subscription_id: number;
  event: string;
  subject_id: number;
  idempotency_key: string;
  ok: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  created_at: string;
}

/** Migration 027: a co-sponsorship that began or ended, for the sponsor's webhooks. */
export interface CosponsorshipChangesTable {
  id: Generated<number>;
  action_id: number;
  /** A co-sponsor with an account; null for a sign-on. */
  organization_id: number | null;
  /** An organization that signed on without an account; null for one with an account. */
  signon_id: number | null;
  state: "approved" | "withdrawn" | "removed";
  created_at: string;
}

/** Migration 024: an organization's own people (the API's `people`). */
export interface ContactsTable {
  id: Generated<number>;
  organization_id: number;
  person_id: number | null;
  email: string | null;
  email_canonical: string | null;
  email_status: "subscribed" | "unsubscribed" | "bouncing";
  /** Digits only, with the country code. */
  phone: string | null;
  given_name: string;
  family_name: string;
  postal_code: string;
  locality: string;
  region: string;
  country: string;
  /** JSON string array. */
  address_lines: string;
  /** JSON object of string values. */
  custom_fields: string;
  source: string | null;
  created_at: string;
  updated_at: string;
}

/** Migration 024: an organization's tags. */
export interface TagsTable {
  id: Generated<number>;
  organization_id: number;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

/** Migration 024: a tag on a contact. */
export interface TaggingsTable {
  id: Generated<number>;
  tag_id: number;
  contact_id: number;
  created_at: string;
}

/** Migration 032: an emailed one-time link for a signer's data (download, remove). */
export interface SignerLinksTable {
  id: Generated<number>;
  person_id: number;
  purpose: "download" | "remove_signature" | "remove_all";
  signature_id: number | null;
  locale: Locale;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface Database {
  organizations: OrganizationsTable;
  actions: ActionsTable;
  action_goal_changes: ActionGoalChangesTable;
  action_texts: ActionTextsTable;
  action_targets: ActionTargetsTable;
  signature_count_deltas: SignatureCountDeltasTable;
  signature_days: SignatureDaysTable;
  action_cosponsors: ActionCosponsorsTable;
  action_signons: ActionSignonsTable;
  cosponsor_invitations: CosponsorInvitationsTable;
  people: PeopleTable;
  signatures: SignaturesTable;
  outbox: OutboxTable;
  organization_texts: OrganizationTextsTable;
  organization_logos: OrganizationLogosTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  account_tokens: AccountTokensTable;
  oidc_identities: OidcIdentitiesTable;
  memberships: MembershipsTable;
  audit_log: AuditLogTable;
  task_leases: TaskLeasesTable;
  shortlinks: ShortlinksTable;
  shortlink_clicks: ShortlinkClicksTable;
  action_widgets: ActionWidgetsTable;
  comments: CommentsTable;
  comment_rules: CommentRulesTable;
  comment_closures: CommentClosuresTable;
  comment_reports: CommentReportsTable;
  comment_subscriptions: CommentSubscriptionsTable;
  comment_notices: CommentNoticesTable;
  comment_digests: CommentDigestsTable;
  comment_votes: CommentVotesTable;
  api_keys: ApiKeysTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  contacts: ContactsTable;
  tags: TagsTable;
  taggings: TaggingsTable;
  cosponsorship_changes: CosponsorshipChangesTable;
  deliveries: DeliveriesTable;
  signer_links: SignerLinksTable;
  action_updates: ActionUpdatesTable;
  action_update_texts: ActionUpdateTextsTable;
  action_update_sends: ActionUpdateSendsTable;
  update_unsubscribes: UpdateUnsubscribesTable;
  update_suppressions: UpdateSuppressionsTable;
}

export type UpdateKind = "progress" | "response" | "victory";

/** Migration 030: an update the sponsor posted on an action. */
export interface ActionUpdatesTable {
  id: Generated<number>;
  action_id: number;
  kind: UpdateKind;
  posted_by: number | null;
  posted_at: string;
  edited_at: string | null;
}

/** Migration 030: an update's title and Markdown body in one language (Spanish may be missing). */
export interface ActionUpdateTextsTable {
  update_id: number;
  locale: Locale;
  title: string;
  body: string;
}

/** Migration 030: one recipient of an update's mail, by signature (no address). */
export interface ActionUpdateSendsTable {
  update_id: number;
  signature_id: number;
  status: "queued" | "sent" | "bounced" | "skipped";
  updated_at: string;
}

/** Migration 030: a person who stopped a sponsor's updates. */
export interface UpdateUnsubscribesTable {
  organization_id: number;
  person_id: number;
  update_id: number | null;
  created_at: string;
}

/** Migration 030: a person whose address bounced for good (SMTP 5xx): no more updates. */
export interface UpdateSuppressionsTable {
  person_id: number;
  response_code: number;
  update_id: number | null;
  created_at: string;
}
