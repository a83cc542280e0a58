/**
 * The development mailbox; registered only when mail stays local and the configuration allows
 * serving it (a loopback BASE_URL or DEV_MAILBOX=true): on a public address it would show
 * anyone every sign-in link.
 */
import type { FastifyInstance } from "fastify";
import { locales } from "../../i18n/locale.ts";
import { translator } from "../../i18n/translator.ts";
import { DevMailItemView, DevMailListView } from "../../views/pages/dev-mail.tsx";
import { paths } from "../../views/paths.ts";
import { notFoundHandler } from "../errors.ts";
import { sendPage } from "../render.ts";

export function devMailPages(app: FastifyInstance): void {
  const mailbox = app.ctx.devMailbox;
  if (!mailbox || !app.ctx.config.devMailbox) return;
  const { baseUrl } = app.ctx.config;
  app.get("/dev/mail", (_request, reply) => reply.redirect(paths.devMail("en"), 302));
  for (const locale of locales) {
    const t = translator(locale);
    app.get(`/${locale}/dev/mail`, async (_request, reply) => {
      return sendPage(reply, 200, DevMailListView({ t, baseUrl, mail: await mailbox.list() }));
    });
    app.get<{ Params: { id: string } }>(`/${locale}/dev/mail/:id`, async (request, reply) => {
      const id = /^\d{1,9}$/.test(request.params.id) ? Number(request.params.id) : 0;
      const mail = await mailbox.find(id);
      if (!mail) return notFoundHandler(request, reply);
      return sendPage(reply, 200, DevMailItemView({ t, baseUrl, mail }));
    });
  }
}
