/**
 * Every argon2 hash and verification of this process goes through one small queue: argon2 is
 * made to be slow, so a burst of password forms must wait its turn instead of taking every core
 * from everyone else's sign-in. Past a short wait list, callers are refused at once.
 */
import { hash, verify } from "@node-rs/argon2";
import { ServerBusyError } from "./accounts.errors.ts";

export class PasswordHasher {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** Two hashes at once leave the other core for everything else; 32 waiting is a few seconds. */
  constructor(
    private readonly concurrency = 2,
    private readonly maxWaiting = 32,
  ) {}

  hash(password: string): Promise<string> {
    return this.run(() => hash(password, { algorithm: 2 }));
  }

  /** False for a wrong password or a malformed hash. */
  verify(passwordHash: string, password: string): Promise<boolean> {
    return this.run(() => verify(passwordHash, password).catch(() => false));
  }

  /** Runs `work` in one of the hashing slots, after those ahead of it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new ServerBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so `running` never drops in between.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
