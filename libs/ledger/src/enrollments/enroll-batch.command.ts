import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { EnrollmentReceipt, EnrollmentRequest, EnrollPersonHandler } from './enroll-person.command';

export interface EnrollmentBatchItem {
  request: EnrollmentRequest;
  /** Each item has its own commandId: a re-sent batch writes nothing twice, item by item. */
  ctx: CommandContext;
}

/** Many enrollments of one plan at once (a channel's upload, a file import). */
export class EnrollBatchCommand {
  constructor(
    readonly planId: string,
    readonly items: readonly EnrollmentBatchItem[],
  ) {}
}

export type EnrollmentOutcome =
  { ok: true; receipt: EnrollmentReceipt } | { ok: false; error: unknown };

/**
 * Runs every item through the same decision as a single enrollment, all at one instant and
 * concurrently, so that their appends share group commits. Items are independent: one refused
 * item refuses only itself. The same person twice in a batch is decided in order (the later item
 * sees the earlier one's events: a duplicate is refused as it would be one request later).
 */
@CommandHandler(EnrollBatchCommand)
export class EnrollBatchHandler implements ICommandHandler<
  EnrollBatchCommand,
  EnrollmentOutcome[]
> {
  constructor(
    private readonly enrollment: EnrollPersonHandler,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ planId, items }: EnrollBatchCommand): Promise<EnrollmentOutcome[]> {
    const now = this.clock.now();
    const outcomes = new Array<EnrollmentOutcome>(items.length);
    let pending = items.map((_, index) => index);
    while (pending.length > 0) {
      const people = new Set<string>();
      const round: number[] = [];
      const later: number[] = [];
      for (const index of pending) {
        const person = personKey(items[index].request);
        if (person !== undefined && people.has(person)) later.push(index);
        else {
          if (person !== undefined) people.add(person);
          round.push(index);
        }
      }
      await Promise.all(
        round.map(async (index) => {
          const { request, ctx } = items[index];
          try {
            const receipt = await this.enrollment.enroll(planId, request, ctx, now);
            outcomes[index] = { ok: true, receipt };
          } catch (error) {
            outcomes[index] = { ok: false, error };
          }
        }),
      );
      pending = later;
    }
    return outcomes;
  }
}

/** Groups one person's items. Only an optimization: two spellings of one number that land in
 * the same round still meet in the stream's expected revision, and the later is refused. */
function personKey(request: EnrollmentRequest): string | undefined {
  const id: unknown = request.person?.idNumber;
  return typeof id === 'string' && id.trim() ? id.trim().toUpperCase() : undefined;
}
