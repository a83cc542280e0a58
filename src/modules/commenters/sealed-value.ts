/**
 * Values the browser keeps but only this server can read or make: AES-256-GCM under a key derived
 * from the server secret, with the purpose as associated data, so a value sealed for one cookie
 * is refused as another. Commenter cookies carry an email address, which sealing keeps unreadable
 * outside the server.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";

const ivBytes = 12;
const tagBytes = 16;
const maxSealedLength = 4_000;

export class Sealer {
  private readonly key: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync("sha256", secret, "juntos", "commenters: sealed values", 32));
    this.macKey = Buffer.from(hkdfSync("sha256", secret, "juntos", "commenters: tokens", 32));
  }

  seal(purpose: string, value: unknown): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(purpose));
    const body = Buffer.concat([cipher.update(JSON.stringify(value), "utf8"), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
  }

  /** The value sealed for `purpose`; undefined when the text was not sealed here for it, or changed. */
  open(purpose: string, sealed: string | undefined): unknown {
    if (sealed === undefined || sealed.length > maxSealedLength || !/^[\w-]+$/.test(sealed)) return undefined;
    const bytes = Buffer.from(sealed, "base64url");
    if (bytes.length < ivBytes + tagBytes) return undefined;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.key, bytes.subarray(0, ivBytes));
      decipher.setAAD(Buffer.from(purpose));
      decipher.setAuthTag(bytes.subarray(bytes.length - tagBytes));
      const text = Buffer.concat([
        decipher.update(bytes.subarray(ivBytes, bytes.length - tagBytes)),
        decipher.final(),
      ]).toString("utf8");
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  }

  /** A short HMAC of `value` under `purpose`: form tokens bound to one sealed value. */
  token(purpose: string, value: string): string {
    return createHmac("sha256", this.macKey).update(`${purpose}:${value}`).digest("base64url").slice(0, 32);
  }
}
