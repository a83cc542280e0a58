/**
 * The admin, one route file per capability. Each route reads its input, resolves access, calls
 * one service and renders; the shared parts live in ../index.ts.
 */
import multipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import { locales } from "../../../i18n/locale.ts";
import { maxLogoBytes } from "../../../modules/organizations/organizations.ts";
import type { AdminRouteFile } from "../shared.ts";
import { actionRoutes } from "./actions.ts";
import { apiKeyRoutes } from "./api-keys.ts";
import { auditRoutes } from "./audit.ts";
import { commentRoutes } from "./comments.ts";
import { cosponsorRoutes } from "./cosponsors.ts";
import { deliveryRoutes } from "./delivery.ts";
import { geographyRoutes } from "./geography.ts";
import { memberRoutes } from "./members.ts";
import { organizationRoutes } from "./organizations.ts";
import { partnerRoutes } from "./partners.ts";
import { shortLinkRoutes } from "./shortlinks.ts";
import { signatureRoutes } from "./signatures.ts";
import { updateRoutes } from "./updates.ts";
import { webhookRoutes } from "./webhooks.ts";
import { widgetRoutes } from "./widgets.ts";

/**
 * Admin forms carry whole bilingual actions: 15,000 characters a language is ~270 KB once
 * accented letters are percent-encoded, so the admin's limit is well above the public 32 KB.
 */
export const adminBodyLimitBytes = 1024 * 1024;

const routeFiles: readonly AdminRouteFile[] = [
  organizationRoutes,
  memberRoutes,
  auditRoutes,
  actionRoutes,
  signatureRoutes,
  geographyRoutes,
  deliveryRoutes,
  shortLinkRoutes,
  cosponsorRoutes,
  widgetRoutes,
  partnerRoutes,
  commentRoutes,
  apiKeyRoutes,
  webhookRoutes,
  updateRoutes,
];

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  app.addHook("onRoute", (route) => {
    route.bodyLimit ??= adminBodyLimitBytes;
  });
  // Only the logo upload is multipart; its size is capped while it streams in.
  await app.register(multipart, {
    attachFieldsToBody: "keyValues",
    limits: { fileSize: maxLogoBytes, files: 1, fields: 2, parts: 3, fieldSize: 1024 },
  });
  for (const locale of locales) for (const routes of routeFiles) routes(app, locale);
}
