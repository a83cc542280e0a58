/** Sign-in through external OpenID Connect providers configured by the operator. */
import type { OidcProviderConfig } from "../../config.ts";

export class OidcLogin {
  constructor(readonly providers: readonly OidcProviderConfig[]) {}
}
