import { Logger } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@ledger/domain';
import { AmendPlanCommand } from '../plans/amend-plan.command';
import { EnrollPersonCommand } from '../enrollments/enroll-person.command';
import { PlanRepository } from '../core/plan-repository';
import { DEMO_COALITION, demoEnrollments } from './demo-campaign';

/** Loads the demo campaign (Ningdu 000 and Yuyao 003); idempotent, so a restart adds nothing. */
export class LoadDemoCampaignCommand {
  constructor(readonly perTownship = 6) {}
}

export const DEMO_PLANS = [
  { planId: 'ganzhou-2024', regionCode: '360730', coalitionAt: '2023-12-11T16:00:00.000Z' },
  { planId: 'yuyao-2024', regionCode: '330281', coalitionAt: '2023-10-09T01:00:00.000Z' },
] as const;

@CommandHandler(LoadDemoCampaignCommand)
export class LoadDemoCampaignHandler implements ICommandHandler<LoadDemoCampaignCommand> {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly commands: CommandBus,
    private readonly plans: PlanRepository,
  ) {}

  async execute({ perTownship }: LoadDemoCampaignCommand) {
    const ctx = (id: string) => ({
      commandId: `demo:${id}`,
      correlationId: 'demo-campaign',
      actor: 'system:demo',
    });
    let enrolled = 0;
    let refused = 0;
    for (const { planId, regionCode, coalitionAt } of DEMO_PLANS) {
      await this.commands.execute(
        new AmendPlanCommand(
          planId,
          { coalition: DEMO_COALITION },
          'demo coalition (illustrative shares, not from the seed)',
          coalitionAt,
          ctx(`${planId}:coalition`),
        ),
      );
      const plan = (await this.plans.get(planId))!;
      for (const e of demoEnrollments(plan.definition, regionCode, perTownship)) {
        try {
          await this.commands.execute(new EnrollPersonCommand(planId, e.request, ctx(e.key)));
          enrolled++;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused++;
          this.logger.warn(`demo enrollment ${e.key} refused: ${error.rule}`);
        }
      }
    }
    this.logger.log(`demo campaign loaded: ${enrolled} enrollments (${refused} refused by rules)`);
    return { enrolled, refused };
  }
}
