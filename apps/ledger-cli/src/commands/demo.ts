import { INestApplicationContext } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { LoadDemoCampaignCommand } from '@ledger/ledger';

/** ledger demo [perTownship]: loads the demo campaign (idempotent). */
export async function demo(app: INestApplicationContext, [perTownship]: string[]): Promise<number> {
  const result = await app
    .get(CommandBus)
    .execute(new LoadDemoCampaignCommand(perTownship ? Number(perTownship) : undefined));
  console.log(`demo: ${result.enrolled} enrollments, ${result.refused} refused`);
  return 0;
}
