/**
 * Base of every typed domain error. `code` is stable and machine-readable; http/errors.ts maps
 * each code to a status and a page once, so modules never speak HTTP.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  constructor(message?: string) {
    super(message);
    this.name = new.target.name;
  }
}
