/**
 * OAuth 2.0 providers that are not OpenID Connect: where each preset's authorize, token and user
 * endpoints are, what it is asked for, and how its user JSON reads as a profile. Pure data and
 * pure functions; config.ts fills OAUTH_PROVIDERS entries from here.
 */

export type OAuthPreset = "wordpress" | "facebook" | "custom";

/** What a provider's user endpoint says about the person, before our cleaning rules apply. */
export interface ProviderProfile {
  readonly subject: string;
  readonly displayName: string;
  readonly profileUrl: string | null;
  readonly email: string | null;
  readonly emailVerified: boolean;
}

/** For custom providers: which top-level properties of the user JSON hold each fact. */
export interface ProfileFields {
  readonly subject: string;
  readonly displayName: string;
  readonly profileUrl: string | null;
  readonly email: string | null;
  readonly emailVerified: string | null;
}

export interface PresetEndpoints {
  readonly authorizeUrl: string;
  readonly tokenUrl: string;
  readonly userUrl: string;
  readonly scope: string;
  /** Whether to send a PKCE challenge: only where the provider documents it. */
  readonly pkce: boolean;
}

export const oauthPresets: Readonly<Record<Exclude<OAuthPreset, "custom">, PresetEndpoints>> = {
  // https://developer.wordpress.com/docs/oauth2/ and /docs/api/1.1/get/me/
  wordpress: {
    authorizeUrl: "https://public-api.wordpress.com/oauth2/authorize",
    tokenUrl: "https://public-api.wordpress.com/oauth2/token",
    userUrl: "https://public-api.wordpress.com/rest/v1.1/me",
    scope: "auth",
    pkce: false,
  },
  // https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
  facebook: {
    authorizeUrl: "https://www.facebook.com/v19.0/dialog/oauth",
    tokenUrl: "https://graph.facebook.com/v19.0/oauth/access_token",
    userUrl: "https://graph.facebook.com/me?fields=id,name,email",
    scope: "email public_profile",
    pkce: false,
  },
};

/** A custom provider's user JSON read the common way unless its entry says otherwise. */
export const defaultProfileFields: ProfileFields = {
  subject: "id",
  displayName: "name",
  profileUrl: null,
  email: "email",
  emailVerified: null,
};

type Json = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === "string"
    ? value
    : typeof value === "number" && Number.isSafeInteger(value)
      ? String(value)
      : "";
const optional = (value: unknown): string | null =>
  typeof value === "string" && value !== "" ? value : null;

/** Reads a user endpoint's JSON as the preset (or the custom fields) describes it. */
export function readProviderProfile(preset: OAuthPreset, json: Json, fields: ProfileFields): ProviderProfile {
  switch (preset) {
    case "wordpress":
      // ID is a number; display_name may be empty, then the username is what WordPress.com shows.
      return {
        subject: text(json.ID),
        displayName: text(json.display_name).trim() || text(json.username),
        profileUrl: optional(json.profile_URL),
        email: optional(json.email),
        emailVerified: json.email_verified === true,
      };
    case "facebook":
      // Facebook returns an email only when the person grants it; it does not state it as verified.
      return {
        subject: text(json.id),
        displayName: text(json.name),
        profileUrl: null,
        email: optional(json.email),
        emailVerified: false,
      };
    case "custom":
      return {
        subject: text(json[fields.subject]),
        displayName: text(json[fields.displayName]),
        profileUrl: fields.profileUrl ? optional(json[fields.profileUrl]) : null,
        email: fields.email ? optional(json[fields.email]) : null,
        emailVerified: fields.emailVerified ? json[fields.emailVerified] === true : false,
      };
  }
}
