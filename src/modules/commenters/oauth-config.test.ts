/** OAUTH_PROVIDERS in config.ts: presets filled in, overrides, and one-line refusals. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.ts";

const base = {
  id: "wp",
  label: "WordPress.com",
  preset: "wordpress",
  clientId: "123",
  clientSecret: "s3cret",
};

function load(entries: unknown, extra: Record<string, string> = {}) {
  return loadConfig({
    DATA_DIR: mkdtempSync(join(tmpdir(), "juntos-config-")),
    JUNTOS_SECRET: "x".repeat(32),
    OAUTH_PROVIDERS: typeof entries === "string" ? entries : JSON.stringify(entries),
    ...extra,
  });
}

function refusal(entries: unknown, extra: Record<string, string> = {}): string {
  try {
    load(entries, extra);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).not.toContain("\n");
    return (error as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(entries)}`);
}

describe("OAUTH_PROVIDERS", () => {
  it("is empty when unset", () => {
    expect(load("").oauthProviders).toEqual([]);
  });

  it("fills the WordPress.com and Facebook presets with their real endpoints, scopes and no PKCE", () => {
    const config = load([base, { ...base, id: "fb", label: "Facebook", preset: "facebook" }]);
    expect(config.oauthProviders).toMatchObject([
      {
        id: "wp",
        label: "WordPress.com",
        preset: "wordpress",
        clientId: "123",
        clientSecret: "s3cret",
        authorizeUrl: "https://public-api.wordpress.com/oauth2/authorize",
        tokenUrl: "https://public-api.wordpress.com/oauth2/token",
        userUrl: "https://public-api.wordpress.com/rest/v1.1/me",
        scope: "auth",
        pkce: false,
      },
      {
        id: "fb",
        authorizeUrl: "https://www.facebook.com/v19.0/dialog/oauth",
        tokenUrl: "https://graph.facebook.com/v19.0/oauth/access_token",
        userUrl: "https://graph.facebook.com/me?fields=id,name,email",
        scope: "email public_profile",
        pkce: false,
      },
    ]);
    expect(Object.isFrozen(config.oauthProviders[0])).toBe(true);
  });

  it("moves every preset endpoint to baseUrl's origin, keeping paths, and takes single overrides", () => {
    const [facebook] = load([
      { ...base, preset: "facebook", baseUrl: "http://127.0.0.1:4567/ignored/path", scope: "email" },
    ]).oauthProviders;
    expect(facebook).toMatchObject({
      authorizeUrl: "http://127.0.0.1:4567/v19.0/dialog/oauth",
      tokenUrl: "http://127.0.0.1:4567/v19.0/oauth/access_token",
      userUrl: "http://127.0.0.1:4567/me?fields=id,name,email",
      scope: "email",
    });
    const [wordpress] = load([{ ...base, tokenUrl: "https://tokens.example.org/t" }]).oauthProviders;
    expect(wordpress).toMatchObject({
      authorizeUrl: "https://public-api.wordpress.com/oauth2/authorize",
      tokenUrl: "https://tokens.example.org/t",
    });
  });

  it("takes a custom provider with all three URLs, PKCE on by default and its own profile fields", () => {
    const [custom] = load([
      {
        ...base,
        id: "forum",
        preset: "custom",
        authorizeUrl: "https://forum.example.org/oauth/authorize",
        tokenUrl: "https://forum.example.org/oauth/token",
        userUrl: "https://forum.example.org/api/me",
        fields: { subject: "uid", displayName: "nick", profileUrl: "html_url" },
      },
    ]).oauthProviders;
    expect(custom).toMatchObject({
      preset: "custom",
      scope: "",
      pkce: true,
      fields: {
        subject: "uid",
        displayName: "nick",
        profileUrl: "html_url",
        email: "email",
        emailVerified: null,
      },
    });
  });

  it("refuses malformed entries with one line naming the problem", () => {
    expect(refusal("[{")).toMatch(/^Configuration error: OAUTH_PROVIDERS must be a JSON array of/);
    expect(refusal({})).toBe("Configuration error: OAUTH_PROVIDERS must be a JSON array");
    expect(refusal([{ ...base, clientSecret: "" }])).toBe(
      'Configuration error: OAUTH_PROVIDERS entry 0 needs a non-empty "clientSecret"',
    );
    expect(refusal([{ ...base, preset: "github" }])).toBe(
      'Configuration error: OAUTH_PROVIDERS entry 0 preset must be "wordpress", "facebook" or "custom"',
    );
    expect(refusal([{ ...base, clientsecret: "typo" }])).toBe(
      'Configuration error: OAUTH_PROVIDERS entry 0 has an unknown key "clientsecret"',
    );
    expect(refusal([{ ...base, id: "Word Press" }])).toMatch(/entry 0 id must be lowercase/);
    expect(refusal([{ ...base, preset: "custom", authorizeUrl: "https://a.example/x" }])).toBe(
      'Configuration error: OAUTH_PROVIDERS entry 0 (custom) needs "tokenUrl"',
    );
    expect(refusal([{ ...base, baseUrl: "not a url" }])).toMatch(/entry 0 "baseUrl" must be a URL/);
    expect(refusal([{ ...base, authorizeUrl: "ftp://a.example/x" }])).toMatch(
      /"authorizeUrl" must start with https:\/\//,
    );
    expect(refusal([{ ...base, pkce: "yes" }])).toMatch(/"pkce" must be true or false/);
    expect(refusal([{ ...base, fields: { subject: "uid" } }])).toMatch(
      /"fields" applies to custom providers only/,
    );
  });

  it("keeps one id space with OIDC_PROVIDERS and reserves juntos", () => {
    expect(refusal([base, base])).toMatch(/entry 1 id "wp" is already used/);
    expect(refusal([{ ...base, id: "juntos" }])).toMatch(/entry 0 id "juntos" is already used/);
    const oidc = JSON.stringify([
      { id: "wp", label: "X", issuer: "https://id.example", clientId: "a", clientSecret: "b" },
    ]);
    expect(refusal([base], { OIDC_PROVIDERS: oidc })).toMatch(/entry 0 id "wp" is already used/);
  });

  it("allows plain HTTP endpoints in production only on this machine", () => {
    const production = { NODE_ENV: "production", SMTP_URL: "smtp://mail.example.org" };
    expect(refusal([{ ...base, baseUrl: "http://wp.example.org" }], production)).toMatch(
      /entry 0 "baseUrl" must start with https:\/\//,
    );
    expect(
      load([{ ...base, baseUrl: "http://127.0.0.1:8080" }], production).oauthProviders[0]?.tokenUrl,
    ).toBe("http://127.0.0.1:8080/oauth2/token");
    expect(load([{ ...base, baseUrl: "http://wp.example.org" }]).oauthProviders[0]?.userUrl).toBe(
      "http://wp.example.org/rest/v1.1/me",
    );
  });
});
