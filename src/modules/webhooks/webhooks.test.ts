import { describe, expect, it } from "vitest";
import { pinnedPost } from "./pinned-post.ts";
import {
  commentEventBody,
  cosponsorshipEventBody,
  isForbiddenAddress,
  signatureEventBody,
  validateSubscriptionForm,
  validateSubscriptionUrl,
} from "./webhooks.ts";

describe("isForbiddenAddress", () => {
  it("refuses loopback, private, link-local, unspecified and multicast addresses", () => {
    for (const address of [
      "127.0.0.1",
      "127.8.9.10",
      "10.0.0.1",
      "10.255.255.255",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "0.0.0.0",
      "224.0.0.1",
      "255.255.255.255",
      "::1",
      "::",
      "fc00::1",
      "fd12:3456::1",
      "fe80::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a00:1",
      "not an address",
    ])
      expect(isForbiddenAddress(address), address).toBe(true);
  });

  it("allows public addresses", () => {
    for (const address of ["93.184.215.14", "172.32.0.1", "8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8"])
      expect(isForbiddenAddress(address), address).toBe(false);
  });
});

describe("pinnedPost", () => {
  it("refuses private addresses and names that resolve to them before connecting", async () => {
    for (const url of [
      "https://127.0.0.1/hook",
      "https://10.1.2.3/hook",
      "https://169.254.169.254/latest",
      "https://[::1]/hook",
      "https://localhost/hook",
    ]) {
      const outcome = await pinnedPost(new URL(url), "[]", {
        allowPrivate: false,
        timeoutMs: 2_000,
        headers: {},
      });
      expect(outcome.ok, url).toBe(false);
      expect(outcome.error, url).toMatch(/^refused address /);
    }
  });
});

describe("validateSubscriptionUrl", () => {
  it("takes https, http only when allowed, and never credentials", () => {
    expect(validateSubscriptionUrl("https://hooks.example/x#frag", { allowHttp: false })).toEqual({
      ok: true,
      url: "https://hooks.example/x",
    });
    expect(validateSubscriptionUrl("http://hooks.example/x", { allowHttp: false }).ok).toBe(false);
    expect(validateSubscriptionUrl("http://hooks.example/x", { allowHttp: true }).ok).toBe(true);
    expect(validateSubscriptionUrl("https://user:pw@hooks.example/", { allowHttp: false })).toEqual({
      ok: false,
      errors: { url: { key: "webhooks.url.credentials" } },
    });
    expect(validateSubscriptionUrl("not a url", { allowHttp: false }).ok).toBe(false);
  });
});

describe("the signature event body", () => {
  const facts = {
    signature: {
      id: 7,
      actionId: 3,
      createdAt: "2026-01-01T10:00:00.000Z",
      confirmedAt: "2026-01-01T10:05:00.000Z",
      comment: "Keep it open",
      source: null,
      referrer: "partner-org",
      website: "news.example",
      consentSponsor: false,
      consentReferrer: true,
      signer: { name: "Ada Lovelace", email: "ada@example.org", postalCode: "94110" },
    },
    sponsor: { name: "Sponsor", website: "https://sponsor.example" },
  };

  it("carries referrer data and no person without consent", () => {
    const [event] = JSON.parse(signatureEventBody(facts, "https://juntos.example"));
    expect(event["osdi:signature"]).toEqual({
      identifiers: ["juntos:7"],
      created_date: facts.signature.createdAt,
      modified_date: facts.signature.confirmedAt,
      comments: "Keep it open",
      "action_network:referrer_data": { source: "", referrer: "partner-org", website: "news.example" },
    });
    expect(event["action_network:sponsor"]).toEqual({ title: "Sponsor", url: "https://sponsor.example" });
  });

  it("carries the person when the signer consented to the sponsor", () => {
    const consenting = { ...facts, signature: { ...facts.signature, consentSponsor: true } };
    const [event] = JSON.parse(signatureEventBody(consenting, "https://juntos.example"));
    expect(event["osdi:signature"].person).toEqual({
      given_name: "Ada",
      family_name: "Lovelace",
      email_addresses: [{ address: "ada@example.org" }],
      postal_addresses: [{ postal_code: "94110" }],
    });
    expect(event.idempotency_key).toBe("juntos:signature.confirmed:7");
  });
});

describe("validateSubscriptionForm", () => {
  it("keeps the known events ticked, in our order, and asks for at least one", () => {
    expect(
      validateSubscriptionForm(
        { url: "https://hooks.example/x", events: ["cosponsorship.changed", "bogus", "signature.confirmed"] },
        { allowHttp: false },
      ),
    ).toEqual({
      ok: true,
      url: "https://hooks.example/x",
      events: ["signature.confirmed", "cosponsorship.changed"],
    });
    expect(validateSubscriptionForm({ url: "not a url", events: ["bogus"] }, { allowHttp: false })).toEqual({
      ok: false,
      errors: { url: { key: "webhooks.url.invalid" }, events: { key: "webhooks.events.none" } },
    });
  });
});

describe("the comment and co-sponsorship event bodies", () => {
  const links = {
    petition: (id: number) => `https://juntos.example/api/v1/petitions/${id}`,
    comment: (c: { id: number; locale: string; actionSlug: string }) =>
      `https://juntos.example/${c.locale}/a/${c.actionSlug}/comments/${c.id}`,
  };
  const sponsor = { name: "Sponsor", website: null };

  it("gives a reply the comment it answers, and the sponsor's site falls back to ours", () => {
    const comment = {
      id: 9,
      actionId: 3,
      actionSlug: "bus",
      locale: "es" as const,
      authorName: "Ana",
      body: "Sí.",
      createdAt: "2026-01-01T10:00:00.000Z",
      modifiedAt: "2026-01-01T10:05:00.000Z",
      inReplyTo: 4,
    };
    const [event] = JSON.parse(commentEventBody({ comment, sponsor }, links, "https://juntos.example"));
    expect(event["juntos:comment"].in_reply_to).toEqual(["juntos:4"]);
    expect(event["juntos:comment"]._links["juntos:permalink"].href).toBe(
      "https://juntos.example/es/a/bus/comments/9",
    );
    expect(event["action_network:sponsor"]).toEqual({ title: "Sponsor", url: "https://juntos.example" });
    expect(event.idempotency_key).toBe("juntos:comment.approved:9");
  });

  it("names a co-sponsor that signed on apart from one with an account, keyed by the change", () => {
    const facts = {
      change: { id: 21, actionId: 3, state: "removed" as const, at: "2026-02-01T00:00:00.000Z" },
      cosponsor: {
        kind: "signon" as const,
        id: 5,
        name: "Neighbours",
        website: "https://n.example/",
        createdAt: "2026-01-01T00:00:00.000Z",
      },
      sponsor,
    };
    const [event] = JSON.parse(cosponsorshipEventBody(facts, links, "https://juntos.example"));
    expect(event["juntos:cosponsorship"]).toEqual({
      identifiers: ["juntos:signon:5"],
      created_date: "2026-01-01T00:00:00.000Z",
      modified_date: "2026-02-01T00:00:00.000Z",
      state: "removed",
      organization: { name: "Neighbours", website: "https://n.example/" },
      _links: { "osdi:petition": { href: "https://juntos.example/api/v1/petitions/3" } },
    });
    expect(event.idempotency_key).toBe("juntos:cosponsorship.changed:21");
  });
});
