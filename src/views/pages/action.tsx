import type { Translator } from "../../i18n/translator.ts";
import { type ActionPage, acceptsSignatures, countsSignatures } from "../../modules/actions/actions.ts";
import type { SignInChoice } from "../../modules/commenters/commenters.ts";
import { Layout } from "../layout.tsx";
import { Markdown } from "../markdown.tsx";
import { paths } from "../paths.ts";
import { ClosedOutcome, ClosesOn } from "./action-lifecycle.tsx";
import { type CommentFormState, Discussion } from "./comments.tsx";
import { SignForm, type SignFormProps } from "./sign-form.tsx";
import { UpdatesSection } from "./updates.tsx";

export interface ActionViewProps {
  t: Translator;
  baseUrl: string;
  action: ActionPage;
  /** Shown as is: either the formatted count sentence or a cache slot standing in for it. */
  countText: string;
  progressValue: string;
  form: Omit<SignFormProps, "t" | "action" | "sponsorName">;
  /** Shown to organizers instead of the public: a banner with the way back to the dashboard. */
  preview?: { published: boolean; dashboard: string };
  /** The comment form sent back with its problems (the cached page has it empty). */
  commentForm?: CommentFormState;
  /** The ways to sign in to comment that the comment form offers. */
  signInChoices: readonly SignInChoice[];
}

export function ActionView({
  t,
  baseUrl,
  action,
  countText,
  progressValue,
  form,
  preview,
  commentForm,
  signInChoices,
}: ActionViewProps) {
  const { locale } = t;
  const path = paths.action(locale, action.slug);
  const actionLink = `${baseUrl}/a/${action.slug}`;
  const opensSignOn = action.status === "published" && !action.archived;
  return (
    <Layout
      t={t}
      title={action.text.title}
      path={path}
      baseUrl={baseUrl}
      description={action.text.summary}
      // Switching language keeps the partner who brought the visitor.
      switchQuery={form.partner ? `?ref=${form.partner.slug}` : undefined}
      feed={[
        { href: paths.commentsFeed(locale, action.slug), title: t.t("comments.feed") },
        { href: paths.updatesFeed(locale, action.slug), title: t.t("updates.feed") },
      ]}
      // The preview has them too: it is exactly the page the public will see.
      card={{
        image: baseUrl + paths.shareImage(locale, action.slug),
        imageAlt: t.t("share.imageAlt", {
          title: action.text.title,
          sponsor: action.sponsor.name,
          site: t.t("site.name"),
        }),
      }}
    >
      {preview ? (
        <p class="notice" role="status">
          {preview.published ? null : <strong>{t.t("preview.notPublished")} </strong>}
          <a href={preview.dashboard}>{t.t("preview.back")}</a>
        </p>
      ) : null}
      <article>
        <h1>{action.text.title}</h1>
        <p class="summary">{action.text.summary}</p>
        <dl class="facts">
          <dt>{t.t("action.sponsor")}</dt>
          <dd>
            {action.sponsorLogo ? (
              // Above the fold, so loaded at once (not lazily); sized to its box, so nothing shifts.
              <>
                <img
                  src={action.sponsorLogo.src}
                  width={action.sponsorLogo.width}
                  height={action.sponsorLogo.height}
                  alt={t.t("action.sponsorLogo", { sponsor: action.sponsor.name })}
                />
                <br />
              </>
            ) : null}
            {action.sponsor.name}
          </dd>
          <dt>{t.t("action.date")}</dt>
          <dd>
            <time dateTime={action.actionDate}>{t.date(action.actionDate)}</time>
          </dd>
          <dt>{t.t("action.link")}</dt>
          <dd>
            <a href={actionLink}>{actionLink.replace(/^https?:\/\//, "")}</a>
          </dd>
          <dt>{t.t("action.type")}</dt>
          <dd>{t.t(`action.type.${action.type}`)}</dd>
        </dl>
        <section class="box" aria-labelledby={countsSignatures(action) ? "take-action" : undefined}>
          {countsSignatures(action) ? (
            <>
              <p class="count" id="take-action">
                {countText}
              </p>
              <progress max={action.goal} value={progressValue} aria-labelledby="take-action" />
              <p class="note">{t.t("action.goal", { goal: action.goal })}</p>
              {acceptsSignatures(action) ? <ClosesOn t={t} action={action} /> : null}
              {action.showsGeography ? (
                <p>
                  <a href={paths.signersMap(locale, action.slug)}>{t.t("geography.publicLink")}</a>
                </p>
              ) : null}
            </>
          ) : null}
          {action.type === "external" && action.externalUrl ? (
            <>
              <a class="button" href={paths.externalGo(locale, action.slug)}>
                {t.t("action.external.go")}
              </a>
              <p class="note">{t.t("action.external.note")}</p>
            </>
          ) : acceptsSignatures(action) ? (
            <>
              <h2>{t.t("sign.heading")}</h2>
              {form.partner ? (
                <p class="partner">
                  {t.t("sign.partnerNotice", { partner: form.partner.name, sponsor: action.sponsor.name })}
                </p>
              ) : null}
              <SignForm
                t={t}
                action={paths.sign(locale, action.slug)}
                sponsorName={action.sponsor.name}
                deliveredTo={action.targets.map((target) => target.name).join(", ")}
                {...form}
              />
            </>
          ) : (
            <ClosedOutcome t={t} action={action} />
          )}
        </section>
        <section aria-labelledby="about">
          <h2 id="about">{t.t("action.description")}</h2>
          <Markdown source={action.text.description} />
        </section>
        <UpdatesSection t={t} action={action} updates={action.updates} />
        {action.targets.length > 0 ? (
          <section aria-labelledby="targets">
            <h2 id="targets">{t.t("action.targets")}</h2>
            <ul>
              {action.targets.map((target) => (
                <li>
                  <strong>{target.name}</strong>
                  {target.title ? `, ${target.title}` : null}
                </li>
              ))}
            </ul>
            {action.deliveries.map((delivery) => (
              <p class="note">
                {t.t("delivery.public", { target: delivery.targetName, date: t.date(delivery.sentAt) })}
              </p>
            ))}
          </section>
        ) : null}
        {action.text.letterText ? (
          <section aria-labelledby="letter">
            <h2 id="letter">{t.t("action.letter")}</h2>
            <blockquote>
              <Markdown source={action.text.letterText} />
            </blockquote>
          </section>
        ) : null}
        {action.cosponsors.length > 0 || opensSignOn ? (
          <section aria-labelledby="cosponsors">
            <h2 id="cosponsors">{t.t("action.cosponsors")}</h2>
            {action.cosponsors.length > 0 ? (
              <>
                <p>{t.t("action.cosponsorCount", { count: action.cosponsors.length })}</p>
                <ul class="cosponsors">
                  {action.cosponsors.map((org) => (
                    <li>
                      {org.logo ? (
                        // Below the form: lazy, and sized so that nothing shifts when it arrives.
                        <img
                          src={org.logo.src}
                          width={org.logo.width}
                          height={org.logo.height}
                          alt=""
                          loading="lazy"
                        />
                      ) : null}
                      {org.website ? (
                        <a href={org.website} rel="nofollow ugc">
                          {org.name}
                        </a>
                      ) : (
                        org.name
                      )}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            {opensSignOn ? (
              <p>
                <a href={paths.endorse(locale, action.slug)}>{t.t("cosponsors.signOnLink")}</a>
              </p>
            ) : null}
          </section>
        ) : null}
        <Discussion
          t={t}
          action={action}
          formToken={form.formToken}
          form={commentForm}
          choices={signInChoices}
          // Only where the form starts empty: a form sent back keeps what was posted. The organizers'
          // preview runs under their own script policy, which does not allow it.
          fillsRemembered={!preview && !commentForm}
          preview={preview !== undefined}
        />
      </article>
    </Layout>
  );
}
