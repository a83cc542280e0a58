import { describe, expect, it } from "vitest";
import {
  cleanReferralCode,
  deviceClass,
  foldSlug,
  isAutomated,
  isOffensive,
  referrerHost,
  reservedNames,
  validateShortLink,
} from "./shortlinks.ts";

const reserved = new Set(reservedNames);
const check = (slug: string, source = "") => validateShortLink({ slug, source }, reserved);
const slugError = (slug: string) => {
  const result = check(slug);
  return result.ok ? null : (result.errors.slug?.key ?? null);
};

describe("short link slugs", () => {
  it("fold case and surrounding space, and are stored lower-case", () => {
    expect(foldSlug("  OptOutNow ")).toBe("optoutnow");
    expect(check("OptOut-Now")).toEqual({ ok: true, value: { slug: "optout-now", source: null } });
  });

  it("have 3 to 60 letters, digits and single inner hyphens", () => {
    expect(slugError("")).toBe("field.required");
    expect(slugError("ab")).toBe("shortlinks.slug.length");
    expect(slugError("a".repeat(61))).toBe("shortlinks.slug.length");
    expect(slugError("a".repeat(60))).toBeNull();
    expect(slugError("abc")).toBeNull();
    expect(slugError("2024-vote")).toBeNull();
    for (const bad of ["-abc", "abc-", "ab--cd", "ab_cd", "ab.cd", "ab cd", "niño", "ab/cd", "%41bc"])
      expect(slugError(bad), bad).toBe("shortlinks.slug.shape");
  });

  it("refuse the app's own top-level names, in any case", () => {
    for (const name of ["admin", "ADMIN", "Account", "healthz", "api", "setup", "invitations", "embed"])
      expect(slugError(name), name).toBe("shortlinks.slug.reserved");
    // Names with a dot cannot be slugs at all; they are reserved all the same.
    expect(reserved.has("robots.txt")).toBe(true);
    expect(slugError("robots.txt")).toBe("shortlinks.slug.shape");
  });

  it("refuse offensive words in English and Spanish, whole, as parts, spelled apart or with digits", () => {
    for (const bad of [
      "fuck-ice",
      "noshitsherlock",
      "stop-the-bitches",
      "Fu-ck",
      "sh1t",
      "dumb-ass",
      "asses",
      "mierda",
      "la-puta-migra",
      "putas",
      "pendejos",
      "no-mas-cabrones",
      "culo",
      "hijueputa",
    ]) {
      expect(isOffensive(foldSlug(bad)), bad).toBe(true);
      expect(slugError(bad), bad).toBe("shortlinks.slug.offensive");
    }
  });

  it("accept ordinary words that contain an offensive one", () => {
    for (const fine of [
      "scunthorpe-united",
      "computadora",
      "disputa",
      "vergara-for-council",
      "pass-the-bill",
      "classroom",
      "stop-nazis",
      "end-rape-culture",
      "grassroots",
    ])
      expect(isOffensive(fine), fine).toBe(false);
  });

  it("take an optional source label in the shape the action page accepts", () => {
    expect(check("flyers", "radio_2")).toEqual({ ok: true, value: { slug: "flyers", source: "radio_2" } });
    expect(check("flyers", "  ")).toEqual({ ok: true, value: { slug: "flyers", source: null } });
    const result = check("flyers", "radio spot");
    expect(result.ok ? null : result.errors.source?.key).toBe("shortlinks.source.shape");
  });
});

describe("what a click tells", () => {
  it("keeps only the referring host name, lower-case, never the path or query", () => {
    expect(referrerHost("https://M.Facebook.com/story.php?id=123&name=ana")).toBe("m.facebook.com");
    expect(referrerHost("android-app://com.whatsapp/")).toBe("com.whatsapp");
    expect(referrerHost(undefined)).toBeNull();
    expect(referrerHost("")).toBeNull();
    expect(referrerHost("not a url")).toBeNull();
    expect(referrerHost("http://192.168.1.20:8080/page")).toBeNull();
    expect(referrerHost("http://[::1]/")).toBeNull();
  });

  const agents = {
    iPhone:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    androidPhone:
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36",
    cubotPhone:
      "Mozilla/5.0 (Linux; Android 9; CUBOT P30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Mobile Safari/537.36",
    iPad: "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    androidTablet:
      "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
    kindle:
      "Mozilla/5.0 (Linux; U; Android 4.0.3; en-us; KFTT Build/IML74K) AppleWebKit/537.36 (KHTML, like Gecko) Silk/3.68 like Chrome/39.0.2171.93 Safari/537.36",
    windows:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36",
    mac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    facebookApp:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/440.0.0.36.105]",
  };

  it("tells phones, tablets and computers apart", () => {
    expect(deviceClass(agents.iPhone)).toBe("phone");
    expect(deviceClass(agents.androidPhone)).toBe("phone");
    expect(deviceClass(agents.cubotPhone)).toBe("phone");
    expect(deviceClass(agents.facebookApp)).toBe("phone");
    expect(deviceClass(agents.iPad)).toBe("tablet");
    expect(deviceClass(agents.androidTablet)).toBe("tablet");
    expect(deviceClass(agents.kindle)).toBe("tablet");
    expect(deviceClass(agents.windows)).toBe("desktop");
    expect(deviceClass(agents.mac)).toBe("desktop");
    expect(deviceClass(undefined)).toBe("desktop");
  });

  it("counts people's browsers, in-app browsers included, and a phone whose name holds 'bot'", () => {
    for (const [name, agent] of Object.entries(agents)) expect(isAutomated(agent), name).toBe(false);
  });

  it("leaves out crawlers, link previews, command-line clients, headless browsers and no user agent", () => {
    for (const agent of [
      "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
      "WhatsApp/2.23.20.0 A",
      "Twitterbot/1.0",
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
      "TelegramBot (like TwitterBot)",
      "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
      "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
      "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
      "curl/8.4.0",
      "Wget/1.21.4",
      "python-requests/2.31.0",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/119.0.0.0 Safari/537.36",
      "http.rb/5.1.1 (Mastodon/4.2.1; +https://mastodon.social/)",
      "",
      undefined,
    ])
      expect(isAutomated(agent), String(agent)).toBe(true);
  });
});

describe("a referral code a visit brings", () => {
  it("is kept in the shape of an organization slug, lower-case, and dropped otherwise", () => {
    expect(cleanReferralCode("Day-Labor-Center")).toBe("day-labor-center");
    expect(cleanReferralCode("a")).toBe("a");
    for (const bad of [
      undefined,
      ["a", "b"],
      "",
      "-lead",
      "trail-",
      "with space",
      "<script>",
      "x".repeat(81),
    ])
      expect(cleanReferralCode(bad), String(bad)).toBeNull();
  });
});
