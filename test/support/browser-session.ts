/**
 * A browser for app.inject: keeps cookies between requests and takes the CSRF token from the
 * `_csrf` hidden input of the last page that had one, so tests sign in and post forms through
 * the real routes.
 */
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";

const form = { "content-type": "application/x-www-form-urlencoded" };

export class Browser {
  private readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that carried one. */
  csrf: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method: "GET",
      url,
      headers: { ...this.cookieHeader(), ...headers },
    });
    this.remember(response);
    return response;
  }

  /**
   * Posts a form with this browser's CSRF token (loading the sign-in page first if no page has
   * given one yet). `csrf: null` leaves the token out; a string sends that token instead.
   */
  async post(
    url: string,
    /** A field given several values (a group of checkboxes) is sent once per value. */
    fields: Record<string, string | readonly string[]> = {},
    options: { csrf?: string | null } = {},
  ): Promise<LightMyRequestResponse> {
    const token = options.csrf === undefined ? await this.csrfToken() : options.csrf;
    const body = new URLSearchParams(
      Object.entries(fields).flatMap(([name, value]) =>
        typeof value === "string" ? [[name, value]] : value.map((one) => [name, one]),
      ),
    );
    if (token !== null) body.set("_csrf", token);
    const response = await this.app.inject({
      method: "POST",
      url,
      payload: body.toString(),
      headers: { ...form, ...this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /**
   * Posts a urlencoded body exactly as given (already encoded, or raw bytes), with this browser's
   * CSRF token appended: for bodies no browser would send.
   */
  async postRaw(url: string, body: string | Buffer): Promise<LightMyRequestResponse> {
    const token = await this.csrfToken();
    const payload = Buffer.concat([Buffer.from(body), Buffer.from(`&_csrf=${encodeURIComponent(token)}`)]);
    const response = await this.app.inject({
      method: "POST",
      url,
      payload,
      headers: { ...form, ...this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /** Posts multipart/form-data with one file part, as a browser's file upload does. */
  async upload(url: string, file: { field: string; filename: string; type: string; bytes: Buffer }) {
    const boundary = "----juntos-test-boundary";
    const token = await this.csrfToken();
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.filename}"\r\n` +
          `Content-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const response = await this.app.inject({
      method: "POST",
      url,
      payload: body,
      headers: { "content-type": `multipart/form-data; boundary=${boundary}`, ...this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  async csrfToken(): Promise<string> {
    if (!this.csrf) await this.get("/en/account/login");
    if (!this.csrf) throw new Error("the sign-in page carried no CSRF token");
    return this.csrf;
  }

  /** The Cookie header this browser would send now (empty when it holds no cookie). */
  cookieHeader(): Record<string, string> {
    if (this.cookies.size === 0) return {};
    return { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") };
  }

  private remember(response: LightMyRequestResponse): void {
    for (const c of response.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const cleared = c.value === "" || c.maxAge === 0 || (c.expires && c.expires.getTime() <= Date.now());
      if (cleared) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1];
    if (token) this.csrf = token;
  }
}

/** Signs in through the password form; fails the test unless a session cookie comes back. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<Browser> {
  const browser = new Browser(app);
  const response = await browser.post("/en/account/login", { email, password });
  expect(response.statusCode, `sign-in of ${email}`).toBe(303);
  expect(browser.cookie("juntos_session")).toBeTruthy();
  return browser;
}

/** Where a 303 goes, or the status when the answer is not a redirect. */
export function redirectOf(response: LightMyRequestResponse): string {
  return response.statusCode === 303 ? String(response.headers.location) : `status ${response.statusCode}`;
}
