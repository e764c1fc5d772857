import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  AssessmentEvent,
  decideRecordAssessment,
  RecordAssessment,
  resolveOccurredAt,
} from '@ledger/domain';
import { Clock } from '../core/clock';
import { CommandContext } from '../core/command-context';
import { LedgerStreams } from '../core/ledger-streams';
import { PlanRepository } from '../core/plan-repository';

/** An inspector's entry as received (HTTP body or file line). */
export interface AssessmentRequest {
  kind: 'inspection' | 'staff_relatives';
  townshipId: string;
  item?: 'organization' | 'publicity' | 'public_opinion';
  points?: number;
  note?: string;
  relatives?: number;
  enrolled?: number;
  occurredAt?: string;
}

/** Inspector entries for the scorecard, on stream assessment-{planId}. */
export class RecordAssessmentCommand {
  constructor(
    readonly planId: string,
    readonly body: AssessmentRequest,
    readonly ctx: CommandContext,
  ) {}
}

@CommandHandler(RecordAssessmentCommand)
export class RecordAssessmentHandler implements ICommandHandler<RecordAssessmentCommand> {
  constructor(
    private readonly streams: LedgerStreams,
    private readonly plans: PlanRepository,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async execute({ planId, body, ctx }: RecordAssessmentCommand) {
    const occurredAt = resolveOccurredAt(body.occurredAt, this.clock.now());
    const plan = await this.plans.get(planId);
    const cmd: RecordAssessment =
      body.kind === 'inspection'
        ? {
            kind: 'inspection',
            planId,
            townshipId: body.townshipId,
            item: body.item!,
            points: body.points!,
            note: body.note ?? '',
            occurredAt,
          }
        : {
            kind: 'staff_relatives',
            planId,
            townshipId: body.townshipId,
            relatives: body.relatives!,
            enrolled: body.enrolled!,
            occurredAt,
          };
    const result = await this.streams.execute<AssessmentEvent>(`assessment-${planId}`, ctx, () =>
      decideRecordAssessment(plan, cmd),
    );
    return { planId, events: result.events, replayed: result.replayed };
  }
}
