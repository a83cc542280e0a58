import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const secret = "x".repeat(32);

function env(values: Record<string, string> = {}): Record<string, string> {
  return { DATA_DIR: mkdtempSync(join(tmpdir(), "juntos-config-")), JUNTOS_SECRET: secret, ...values };
}

/** The error loadConfig throws for `values`; fails the test when it does not throw. */
function configError(values: Record<string, string>): ConfigError {
  try {
    loadConfig(env(values));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(values)}`);
}

describe("loadConfig", () => {
  it("runs with nothing set: SQLite in the data directory, local mail, demo on", () => {
    const values = env({ JUNTOS_SECRET: "" });
    const config = loadConfig(values);
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      baseUrl: "http://localhost:3000",
      database: { engine: "sqlite", url: join(values.DATA_DIR!, "juntos.sqlite") },
      smtpUrl: null,
      mailFrom: "Juntos <no-reply@localhost>",
      production: false,
      devMailbox: true,
      seedDemo: true,
      benchLoopbackExempt: false,
      trustProxy: false,
      logLevel: "warn",
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.database)).toBe(true);
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["PORT", "-1"],
    ["PORT", "80.5"],
    ["DATABASE_URL", "mysql://localhost/juntos"],
    ["DATABASE_URL", "sqlite:"],
    ["DATABASE_URL", "postgres:localhost/juntos"],
    ["JUNTOS_SECRET", "too-short"],
    ["BASE_URL", "not a url"],
    ["BASE_URL", "ftp://example.org"],
    ["SMTP_URL", "http://mail.example.org"],
    ["SEED_DEMO", "maybe"],
    ["JUNTOS_BENCH_LOOPBACK_EXEMPT", "yes"],
    ["TRUST_PROXY", "sometimes"],
    ["LOG_LEVEL", "loud"],
    ["REQUEST_TIMEOUT_SECONDS", "0"],
    ["REQUEST_TIMEOUT_SECONDS", "1.5"],
    ["MAX_CONNECTIONS_PER_NETWORK", "-1"],
    ["DEV_MAILBOX", "perhaps"],
  ])("stops on a bad %s (%j) with one line naming it", (variable, value) => {
    const error = configError({ [variable]: value });
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect(error.message).not.toContain("\n");
  });

  it("never puts a given secret into its error message", () => {
    expect(configError({ JUNTOS_SECRET: "short-secret-123" }).message).not.toContain("short-secret-123");
  });

  it("generates a secret once, stores it privately in DATA_DIR, and reuses it", () => {
    const values = env({ JUNTOS_SECRET: "" });
    const first = loadConfig(values).secret;
    const file = join(values.DATA_DIR!, "secret.key");
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig(values).secret).toBe(first);
    const elsewhere = loadConfig(env({ JUNTOS_SECRET: "" })).secret;
    expect(elsewhere).not.toBe(first);
  });

  it("prefers JUNTOS_SECRET to the stored secret", () => {
    const values = env({ JUNTOS_SECRET: "" });
    loadConfig(values);
    expect(loadConfig({ ...values, JUNTOS_SECRET: secret }).secret).toBe(secret);
  });

  it("picks PostgreSQL for a postgres URL and then leaves the demo off by default", () => {
    for (const url of ["postgres://juntos@db.internal:5432/juntos", "postgresql://localhost/juntos"]) {
      const config = loadConfig(env({ DATABASE_URL: url }));
      expect(config.database).toEqual({ engine: "postgres", url });
      expect(config.seedDemo).toBe(false);
    }
    expect(loadConfig(env({ DATABASE_URL: "postgres://localhost/j", SEED_DEMO: "true" })).seedDemo).toBe(
      true,
    );
  });

  it("reads SQLite URLs as files, relative to the working directory", () => {
    expect(loadConfig(env({ DATABASE_URL: "sqlite:data/test.sqlite" })).database).toEqual({
      engine: "sqlite",
      url: join(process.cwd(), "data/test.sqlite"),
    });
    expect(loadConfig(env({ DATABASE_URL: "file:///tmp/j.sqlite" })).database.url).toBe("/tmp/j.sqlite");
    expect(loadConfig(env({ DATABASE_URL: "sqlite::memory:" })).database.url).toBe(":memory:");
    expect(loadConfig(env({ DATABASE_URL: "sqlite::memory:", SEED_DEMO: "0" })).seedDemo).toBe(false);
  });

  it("serves the dev mailbox only without SMTP, on a loopback BASE_URL or when DEV_MAILBOX=true", () => {
    const smtp = loadConfig(env({ SMTP_URL: "smtp://127.0.0.1:2525" }));
    expect(smtp).toMatchObject({ smtpUrl: "smtp://127.0.0.1:2525", devMailbox: false });
    for (const baseUrl of [
      "http://localhost:3000",
      "http://127.0.0.1:8080",
      "http://127.8.9.10",
      "http://[::1]:3000",
    ]) {
      expect(loadConfig(env({ BASE_URL: baseUrl })).devMailbox, baseUrl).toBe(true);
    }
    for (const baseUrl of [
      "https://act.example.org",
      "http://192.168.1.20:3000",
      "http://[::2]",
      "http://localhost.example.org",
      "http://127.0.0.1.example.org",
    ]) {
      expect(loadConfig(env({ BASE_URL: baseUrl })).devMailbox, baseUrl).toBe(false);
    }
    expect(loadConfig(env({ BASE_URL: "https://staging.example.org", DEV_MAILBOX: "true" })).devMailbox).toBe(
      true,
    );
    expect(loadConfig(env({ DEV_MAILBOX: "false" })).devMailbox).toBe(false);
    expect(configError({ DEV_MAILBOX: "perhaps" }).message).toMatch(/^Configuration error: DEV_MAILBOX /);
  });

  it("refuses to start in production without SMTP_URL, in one line", () => {
    const error = configError({ NODE_ENV: "production" });
    expect(error.message).toMatch(/^Configuration error: SMTP_URL /);
    expect(error.message).not.toContain("\n");
    const production = loadConfig(env({ NODE_ENV: "production", SMTP_URL: "smtps://mail.example.org" }));
    expect(production).toMatchObject({ production: true, devMailbox: false, logLevel: "info" });
    expect(
      loadConfig(env({ NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:25", DEV_MAILBOX: "true" }))
        .devMailbox,
    ).toBe(false);
  });

  it("drops trailing slashes from BASE_URL and derives the sender from its host", () => {
    const config = loadConfig(env({ BASE_URL: "https://act.example.org//" }));
    expect(config.baseUrl).toBe("https://act.example.org");
    expect(config.mailFrom).toBe("Juntos <no-reply@act.example.org>");
    expect(loadConfig(env({ MAIL_FROM: "Acción <a@b.org>" })).mailFrom).toBe("Acción <a@b.org>");
  });

  it("times requests out after 30 s and caps a network at 100 connections, no cap behind a proxy", () => {
    expect(loadConfig(env())).toMatchObject({ requestTimeoutMs: 30_000, maxConnectionsPerNetwork: 100 });
    expect(loadConfig(env({ TRUST_PROXY: "true" })).maxConnectionsPerNetwork).toBe(0);
    const set = loadConfig(env({ REQUEST_TIMEOUT_SECONDS: "5", MAX_CONNECTIONS_PER_NETWORK: "20" }));
    expect(set).toMatchObject({ requestTimeoutMs: 5_000, maxConnectionsPerNetwork: 20 });
  });

  it("turns the benchmark loopback exemption on only when asked", () => {
    expect(loadConfig(env({ JUNTOS_BENCH_LOOPBACK_EXEMPT: "true" })).benchLoopbackExempt).toBe(true);
    expect(
      loadConfig(env({ NODE_ENV: "production", SMTP_URL: "smtp://127.0.0.1:25" })).benchLoopbackExempt,
    ).toBe(false);
  });

  it("creates a missing data directory", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "juntos-config-")), "nested", "data");
    expect(loadConfig(env({ DATA_DIR: dir })).dataDir).toBe(dir);
    expect(statSync(dir).isDirectory()).toBe(true);
  });
});
