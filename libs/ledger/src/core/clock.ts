/** The ledger's clock: the only source of "now" (libs/domain takes time as input). */
export abstract class Clock {
  abstract now(): number;
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock tests set by hand. */
export class FixedClock extends Clock {
  constructor(private instant: number) {
    super();
  }
  now(): number {
    return this.instant;
  }
  set(instant: number): void {
    this.instant = instant;
  }
}
