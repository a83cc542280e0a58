/** A clock that moves only when a test moves it. */
import type { Clock } from "../../src/modules/clock.ts";

export class ManualClock implements Clock {
  private at: number;

  /** Starts at the real time by default, so rows written with real timestamps still compare sensibly. */
  constructor(start: Date = new Date()) {
    this.at = start.getTime();
  }

  now(): Date {
    return new Date(this.at);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
