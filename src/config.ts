/**
 * The only reader of process.env. Parses, validates, applies embedded defaults and freezes.
 * A bad value stops the start with one line naming the variable (see ConfigError).
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { isAbsolute, join, resolve } from "node:path";
import {
  defaultProfileFields,
  type OAuthPreset,
  oauthPresets,
  type ProfileFields,
} from "./modules/commenters/oauth-presets.ts";

export type DatabaseEngine = "sqlite" | "postgres";

export interface Config {
  readonly port: number;
  readonly host: string;
  /** Public origin used in emails and share links, without trailing slash. */
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly database: { readonly engine: DatabaseEngine; readonly url: string };
  /** SMTP URL for nodemailer; null keeps mail in the dev mailbox. */
  readonly smtpUrl: string | null;
  readonly mailFrom: string;
  readonly production: boolean;
  /**
   * Serve the dev mailbox at /dev/mail: only without SMTP, and only when BASE_URL names this
   * machine (localhost, 127.0.0.0/8, ::1) unless DEV_MAILBOX=true says so explicitly.
   */
  readonly devMailbox: boolean;
  /** Where mail is kept when no SMTP URL is set (production refuses to start without one). */
  readonly devMailFile: string;
  /** HMAC key for form tokens, confirmation links and sessions (32+ bytes). */
  readonly secret: string;
  /** Loads the model action on an empty database. */
  readonly seedDemo: boolean;
  /**
   * Benchmark-only switch: requests from loopback skip rate limits and the minimum
   * form-fill time. Off unless JUNTOS_BENCH_LOOPBACK_EXEMPT=true is set explicitly.
   */
  readonly benchLoopbackExempt: boolean;
  /**
   * Where webhooks may be delivered. By default only https, and never to loopback, private,
   * link-local, unspecified or multicast addresses (checked after DNS resolution); tests and
   * development turn these on (WEBHOOKS_ALLOW_HTTP, WEBHOOKS_ALLOW_PRIVATE).
   */
  readonly webhooks: { readonly allowHttp: boolean; readonly allowPrivate: boolean };
  readonly trustProxy: boolean;
  /** A whole request (headers and body) must arrive within this time, or it gets 408 and is closed. */
  readonly requestTimeoutMs: number;
  /**
   * Concurrent connections one IPv4 address or IPv6 /64 may hold; 0 = no cap. Off by default
   * behind a proxy, where every connection comes from the proxy's address.
   */
  readonly maxConnectionsPerNetwork: number;
  readonly logLevel: string;
  /**
   * How long a node holds the outbox jobs it took (OUTBOX_LEASE_SECONDS): a node that dies with
   * jobs in hand, another runs them once this has passed.
   */
  readonly outboxLeaseMs: number;
  /**
   * How confirmations reach an action's count (SIGNATURE_COUNTS): `immediate` in their own
   * transaction (SQLite's default), or `deferred`: kept as deltas and added within
   * SIGNATURE_COUNT_DELAY_MS (PostgreSQL's default: no hot row per signature).
   */
  readonly signatureCounts: { readonly mode: "immediate" | "deferred"; readonly delayMs: number };
  /** Requests answered at once past which new ones get 503 at once (0: no bound). */
  readonly maxInFlightRequests: number;
  /** Signatures waiting for the database past which a new one gets "busy, send it again". */
  readonly maxQueuedSignatures: number;
  /**
   * Redis shared by every node (REDIS_URL): rate limits and abuse counters. Null: one node,
   * everything in its memory.
   */
  readonly redis: { readonly url: string; readonly keyPrefix: string } | null;
  /** Bearer token that opens /metrics (METRICS_TOKEN); null: /metrics is not served. */
  readonly metricsToken: string | null;
  /** /readyz says "not ready" once a due outbox job has waited longer than this. */
  readonly maxOutboxLagSeconds: number;
  /** External OpenID Connect providers offered on the sign-in page. */
  readonly oidcProviders: readonly OidcProviderConfig[];
  /** OAuth 2.0 providers (not OpenID Connect) offered for signing in to comment. */
  readonly oauthProviders: readonly OAuthProviderConfig[];
}

export interface OidcProviderConfig {
  /** Short id used in URLs, e.g. "wordpress". */
  readonly id: string;
  /** Button text, e.g. "WordPress.com". */
  readonly label: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** An OAUTH_PROVIDERS entry with its preset's endpoints filled in. */
export interface OAuthProviderConfig {
  readonly id: string;
  readonly label: string;
  readonly preset: OAuthPreset;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly userUrl: string;
  readonly scope: string;
  readonly pkce: boolean;
  /** Where the user JSON holds each fact (custom providers; presets read their own fields). */
  readonly fields: ProfileFields;
}

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function readChoice<C extends string>(env: Env, name: string, choices: readonly C[], fallback: C): C {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${choices.join(", ")} (got "${raw}")`);
  }
  return raw as C;
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

function readUrl(env: Env, name: string, fallback: string, protocols: readonly string[]): string {
  const raw = env[name] || fallback;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `must be a URL (got "${raw}")`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must start with ${protocols.join(" or ")} (got "${raw}")`);
  }
  return raw;
}

function readDatabase(env: Env, dataDir: string): Config["database"] {
  const raw = env.DATABASE_URL;
  if (!raw) return { engine: "sqlite", url: join(dataDir, "juntos.sqlite") };
  if (/^postgres(ql)?:\/\//.test(raw)) {
    const url = readUrl(env, "DATABASE_URL", raw, ["postgres:", "postgresql:"]);
    if (new URL(url).hostname === "")
      throw new ConfigError("DATABASE_URL", `names no PostgreSQL host (got "${raw}")`);
    return { engine: "postgres", url };
  }
  const file = raw.replace(/^(sqlite|file):(\/\/)?/, "");
  if (raw.startsWith("sqlite:") || raw.startsWith("file:")) {
    if (!file) throw new ConfigError("DATABASE_URL", `names no SQLite file (got "${raw}")`);
    return { engine: "sqlite", url: file === ":memory:" ? file : resolve(file) };
  }
  throw new ConfigError("DATABASE_URL", `must be postgres://… or sqlite:<file> (got "${raw}")`);
}

/** Whether a URL's host is this machine: localhost, 127.0.0.0/8 or ::1. */
function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[(.*)\]$/, "$1");
  if (host === "localhost" || host === "::1") return true;
  return isIP(host) === 4 && host.startsWith("127.");
}

/** OIDC_PROVIDERS is a JSON array of {id, label, issuer, clientId, clientSecret}. */
function readOidcProviders(env: Env): OidcProviderConfig[] {
  const raw = env.OIDC_PROVIDERS;
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(
      "OIDC_PROVIDERS",
      "must be a JSON array of {id, label, issuer, clientId, clientSecret}",
    );
  }
  if (!Array.isArray(parsed)) throw new ConfigError("OIDC_PROVIDERS", "must be a JSON array");
  return parsed.map((entry, index) => {
    const p = entry as Record<string, unknown>;
    for (const key of ["id", "label", "issuer", "clientId", "clientSecret"]) {
      if (typeof p[key] !== "string" || p[key] === "") {
        throw new ConfigError("OIDC_PROVIDERS", `entry ${index} needs a non-empty "${key}"`);
      }
    }
    if (!/^[a-z0-9-]{1,40}$/.test(p.id as string)) {
      throw new ConfigError(
        "OIDC_PROVIDERS",
        `entry ${index} id must be lowercase letters, digits and hyphens`,
      );
    }
    readUrl({ issuer: p.issuer as string }, "issuer", "", ["http:", "https:"]);
    return Object.freeze({
      id: p.id as string,
      label: p.label as string,
      issuer: p.issuer as string,
      clientId: p.clientId as string,
      clientSecret: p.clientSecret as string,
    });
  });
}

const oauthKeys = new Set([
  "id",
  "label",
  "preset",
  "clientId",
  "clientSecret",
  "baseUrl",
  "authorizeUrl",
  "tokenUrl",
  "userUrl",
  "scope",
  "pkce",
  "fields",
]);
const endpointKeys = ["authorizeUrl", "tokenUrl", "userUrl"] as const;
const fieldKeys = Object.keys(defaultProfileFields) as (keyof ProfileFields)[];

/**
 * OAUTH_PROVIDERS is a JSON array of {id, label, preset: "wordpress"|"facebook"|"custom",
 * clientId, clientSecret}; a preset brings its endpoints and scope, which `baseUrl` (the origin of
 * every endpoint: a stand-in), `authorizeUrl`, `tokenUrl`, `userUrl` and `scope` override; custom
 * entries give all three URLs, and may say `pkce` and `fields` ({subject, displayName, profileUrl,
 * email, emailVerified}: property names in the user JSON). Ids share one space with OIDC_PROVIDERS.
 */
function readOAuthProviders(
  env: Env,
  oidcProviders: readonly OidcProviderConfig[],
  production: boolean,
): OAuthProviderConfig[] {
  const raw = env.OAUTH_PROVIDERS;
  if (!raw) return [];
  const fail = (problem: string) => new ConfigError("OAUTH_PROVIDERS", problem);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw fail("must be a JSON array of {id, label, preset, clientId, clientSecret}");
  }
  if (!Array.isArray(parsed)) throw fail("must be a JSON array");
  const taken = new Set(["juntos", ...oidcProviders.map((provider) => provider.id)]);
  return parsed.map((entry, index) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw fail(`entry ${index} must be an object`);
    }
    const p = entry as Record<string, unknown>;
    const unknown = Object.keys(p).find((key) => !oauthKeys.has(key));
    if (unknown !== undefined) throw fail(`entry ${index} has an unknown key "${unknown}"`);
    for (const key of ["id", "label", "preset", "clientId", "clientSecret"]) {
      if (typeof p[key] !== "string" || p[key] === "")
        throw fail(`entry ${index} needs a non-empty "${key}"`);
    }
    const id = p.id as string;
    if (!/^[a-z0-9-]{1,40}$/.test(id))
      throw fail(`entry ${index} id must be lowercase letters, digits and hyphens`);
    // "juntos" is the Juntos account's own choice on the comment form.
    if (taken.has(id))
      throw fail(`entry ${index} id "${id}" is already used (by "juntos" or another provider)`);
    taken.add(id);
    const preset = p.preset as OAuthPreset;
    if (preset !== "wordpress" && preset !== "facebook" && preset !== "custom") {
      throw fail(`entry ${index} preset must be "wordpress", "facebook" or "custom"`);
    }
    for (const key of [...endpointKeys, "baseUrl", "scope"]) {
      if (p[key] !== undefined && (typeof p[key] !== "string" || p[key] === "")) {
        throw fail(`entry ${index} "${key}" must be a non-empty string`);
      }
    }
    if (p.pkce !== undefined && typeof p.pkce !== "boolean")
      throw fail(`entry ${index} "pkce" must be true or false`);
    const checkedUrl = (key: string, value: string): URL => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        throw fail(`entry ${index} "${key}" must be a URL (got "${value}")`);
      }
      // Tokens and profiles travel over these: plain HTTP only on this machine or outside production.
      const plainAllowed = !production || isLoopbackUrl(value);
      if (url.protocol !== "https:" && !(url.protocol === "http:" && plainAllowed)) {
        throw fail(`entry ${index} "${key}" must start with https:// (got "${value}")`);
      }
      return url;
    };
    let endpoints: Record<(typeof endpointKeys)[number], string>;
    let scope: string;
    let pkce: boolean;
    let fields = defaultProfileFields;
    if (preset === "custom") {
      if (p.baseUrl !== undefined) throw fail(`entry ${index} "baseUrl" applies to presets only`);
      const missing = endpointKeys.find((key) => p[key] === undefined);
      if (missing) throw fail(`entry ${index} (custom) needs "${missing}"`);
      endpoints = {
        authorizeUrl: p.authorizeUrl as string,
        tokenUrl: p.tokenUrl as string,
        userUrl: p.userUrl as string,
      };
      scope = (p.scope as string | undefined) ?? "";
      pkce = (p.pkce as boolean | undefined) ?? true;
      if (p.fields !== undefined) {
        const given = p.fields as Record<string, unknown>;
        if (typeof given !== "object" || given === null || Array.isArray(given)) {
          throw fail(`entry ${index} "fields" must be an object`);
        }
        const stray = Object.keys(given).find((key) => !fieldKeys.includes(key as keyof ProfileFields));
        if (stray !== undefined) throw fail(`entry ${index} "fields" has an unknown key "${stray}"`);
        for (const [key, value] of Object.entries(given)) {
          if (typeof value !== "string" || value === "")
            throw fail(`entry ${index} "fields.${key}" must be a non-empty string`);
        }
        fields = Object.freeze({ ...defaultProfileFields, ...(given as Partial<ProfileFields>) });
      }
    } else {
      if (p.fields !== undefined) throw fail(`entry ${index} "fields" applies to custom providers only`);
      const defaults = oauthPresets[preset];
      const origin = p.baseUrl === undefined ? undefined : checkedUrl("baseUrl", p.baseUrl as string).origin;
      const rebased = (url: string) => (origin ? origin + url.slice(new URL(url).origin.length) : url);
      endpoints = {
        authorizeUrl: (p.authorizeUrl as string | undefined) ?? rebased(defaults.authorizeUrl),
        tokenUrl: (p.tokenUrl as string | undefined) ?? rebased(defaults.tokenUrl),
        userUrl: (p.userUrl as string | undefined) ?? rebased(defaults.userUrl),
      };
      scope = (p.scope as string | undefined) ?? defaults.scope;
      pkce = (p.pkce as boolean | undefined) ?? defaults.pkce;
    }
    for (const key of endpointKeys) checkedUrl(key, endpoints[key]);
    return Object.freeze({
      id,
      label: p.label as string,
      preset,
      clientId: p.clientId as string,
      clientSecret: p.clientSecret as string,
      ...endpoints,
      scope,
      pkce,
      fields,
    });
  });
}

/** Reads the secret from JUNTOS_SECRET or from the data directory, creating it once. */
function readSecret(env: Env, dataDir: string): string {
  const given = env.JUNTOS_SECRET;
  if (given !== undefined && given !== "") {
    if (given.length < 32) throw new ConfigError("JUNTOS_SECRET", "must be at least 32 characters long");
    return given;
  }
  const file = join(dataDir, "secret.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}

export function loadConfig(env: Env = process.env): Config {
  const production = env.NODE_ENV === "production";
  const port = readInteger(env, "PORT", 3000, 0, 65535);
  const host = env.HOST || "127.0.0.1";
  const dataDirRaw = env.DATA_DIR || "./data";
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(dataDirRaw);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new ConfigError("DATA_DIR", `cannot be created at ${dataDir} (${(error as Error).message})`);
  }
  const database = readDatabase(env, dataDir);
  const baseUrl = readUrl(env, "BASE_URL", `http://localhost:${port}`, ["http:", "https:"]).replace(
    /\/+$/,
    "",
  );
  const smtpUrl = env.SMTP_URL ? readUrl(env, "SMTP_URL", env.SMTP_URL, ["smtp:", "smtps:"]) : null;
  // Without SMTP, mail goes to a local file: in production nobody would read it, yet it counts as sent.
  if (production && smtpUrl === null) {
    throw new ConfigError("SMTP_URL", "must be set in production (without it no mail would reach anyone)");
  }
  const devMailbox = smtpUrl === null && readBoolean(env, "DEV_MAILBOX", isLoopbackUrl(baseUrl));
  const mailFrom = env.MAIL_FROM || `Juntos <no-reply@${new URL(baseUrl).hostname}>`;
  const trustProxy = readBoolean(env, "TRUST_PROXY", false);
  const logLevel = env.LOG_LEVEL || (production ? "info" : "warn");
  if (!["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(logLevel)) {
    throw new ConfigError(
      "LOG_LEVEL",
      `must be one of fatal, error, warn, info, debug, trace, silent (got "${logLevel}")`,
    );
  }
  const oidcProviders = readOidcProviders(env);
  const metricsToken = env.METRICS_TOKEN || null;
  if (metricsToken !== null && metricsToken.length < 16) {
    throw new ConfigError("METRICS_TOKEN", "must be at least 16 characters long");
  }
  return Object.freeze({
    port,
    host,
    baseUrl,
    dataDir,
    database: Object.freeze(database),
    smtpUrl,
    mailFrom,
    production,
    devMailbox,
    devMailFile: join(dataDir, "dev-mail.sqlite"),
    secret: readSecret(env, dataDir),
    seedDemo: readBoolean(env, "SEED_DEMO", database.engine === "sqlite"),
    benchLoopbackExempt: readBoolean(env, "JUNTOS_BENCH_LOOPBACK_EXEMPT", false),
    webhooks: Object.freeze({
      allowHttp: readBoolean(env, "WEBHOOKS_ALLOW_HTTP", false),
      allowPrivate: readBoolean(env, "WEBHOOKS_ALLOW_PRIVATE", false),
    }),
    trustProxy,
    requestTimeoutMs: readInteger(env, "REQUEST_TIMEOUT_SECONDS", 30, 1, 3600) * 1000,
    // 100 lets a meeting share one address (browsers open up to 6 connections each) and stays
    // above the 50 connections `npm run bench` opens from loopback.
    maxConnectionsPerNetwork: readInteger(
      env,
      "MAX_CONNECTIONS_PER_NETWORK",
      trustProxy ? 0 : 100,
      0,
      1_000_000,
    ),
    logLevel,
    metricsToken,
    redis: env.REDIS_URL
      ? Object.freeze({
          url: readUrl(env, "REDIS_URL", env.REDIS_URL, ["redis:", "rediss:"]),
          keyPrefix: env.REDIS_KEY_PREFIX || "juntos:",
        })
      : null,
    signatureCounts: Object.freeze({
      mode: readChoice(
        env,
        "SIGNATURE_COUNTS",
        ["immediate", "deferred"],
        database.engine === "postgres" ? "deferred" : "immediate",
      ),
      delayMs: readInteger(env, "SIGNATURE_COUNT_DELAY_MS", 250, 10, 1_000),
    }),
    outboxLeaseMs: readInteger(env, "OUTBOX_LEASE_SECONDS", 60, 5, 3600) * 1000,
    maxInFlightRequests: readInteger(env, "MAX_IN_FLIGHT_REQUESTS", 1_000, 0, 1_000_000),
    maxQueuedSignatures: readInteger(env, "MAX_QUEUED_SIGNATURES", 5_000, 1, 1_000_000),
    maxOutboxLagSeconds: readInteger(env, "READY_MAX_OUTBOX_LAG_SECONDS", 300, 1, 86_400),
    oidcProviders: Object.freeze(oidcProviders),
    oauthProviders: Object.freeze(readOAuthProviders(env, oidcProviders, production)),
  });
}
