/**
 * Renders a mail request (modules/mail/mail.ts). Handlers describe mail on the event loop; the
 * mail thread loads this module and renders there, so a flood of confirmation mails costs the
 * thread that answers requests only a message, not the HTML.
 */
import { translator } from "../../i18n/translator.ts";
import type { MailRequest, RenderMail } from "../../modules/mail/mail.ts";
import { accountEmail } from "./account-email.tsx";
import {
  commentDigestEmail,
  commentNoticeEmail,
  commentSubscriptionEmail,
} from "./comment-notification-emails.tsx";
import { cosponsorInvitationEmail } from "./cosponsor-invitation-email.tsx";
import { deliveryEmail } from "./delivery-email.tsx";
import { signatureEmail } from "./signature-email.tsx";
import { signerLinksEmail } from "./signer-rights-email.tsx";
import { signOnEmail } from "./signon-email.tsx";
import { actionUpdateEmail } from "./update-email.tsx";
import { webhookDisabledEmail } from "./webhook-disabled-email.tsx";

/** Where the mail thread loads `renderMail` from (it runs in a thread of its own). */
export const renderMailModule = import.meta.url;

export const renderMail: RenderMail = (request: MailRequest) => {
  const t = translator(request.locale);
  switch (request.template) {
    case "signature":
      return signatureEmail({ ...request.input, t });
    case "account":
      return accountEmail({ ...request.input, t });
    case "signon":
      return signOnEmail({ ...request.input, t });
    case "cosponsor_invitation":
      return cosponsorInvitationEmail({ ...request.input, t });
    case "comment_subscription":
      return commentSubscriptionEmail({ ...request.input, t });
    case "comment_notice":
      return commentNoticeEmail({ ...request.input, t });
    case "comment_digest":
      return commentDigestEmail({ ...request.input, t });
    case "webhook_disabled":
      return webhookDisabledEmail({ ...request.input, t });
    case "action_update":
      return actionUpdateEmail({ ...request.input, t });
    case "signer_links":
      return signerLinksEmail({ ...request.input, t });
    case "delivery":
      return deliveryEmail({ ...request.input, t });
    default:
      // Requests cross a thread boundary as plain data, so the type alone does not guarantee this.
      throw new Error(`unknown mail template ${(request as { template: unknown }).template}`);
  }
};
