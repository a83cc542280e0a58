/**
 * Every argon2 hash and verification of this process goes through one small queue: argon2 is
 * made to be slow, so a burst of password forms must wait its turn instead of taking every core
 * from everyone else's sign-in. Past a short wait list, callers are refused at once. A sign-in
 * (verify) waits ahead of new passwords (hash): someone signing in is not kept behind a burst of
 * registrations.
 */
import { hash, verify } from "@node-rs/argon2";
import { ServerBusyError } from "./accounts.errors.ts";

export class PasswordHasher {
  private running = 0;
  /** Who waits for a slot, in order; the first `firstWaiting` of them came with `first`. */
  private readonly waiting: (() => void)[] = [];
  private firstWaiting = 0;

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
    return this.run(() => verify(passwordHash, password).catch(() => false), { first: true });
  }

  /** Runs `work` in one of the hashing slots, after those ahead of it (`first`: ahead of every `hash` waiting). */
  async run<T>(work: () => Promise<T>, options: { first?: boolean } = {}): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.maxWaiting) throw new ServerBusyError();
      await new Promise<void>((resolve) => {
        if (!options.first) this.waiting.push(resolve);
        else this.waiting.splice(this.firstWaiting++, 0, resolve);
      });
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line, so `running` never drops in between.
      const next = this.waiting.shift();
      if (this.firstWaiting > 0) this.firstWaiting--;
      if (next) next();
      else this.running--;
    }
  }
}
