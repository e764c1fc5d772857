import { CommandBus } from '@nestjs/cqrs';
import { LoadDemoCampaignCommand } from '@ledger/ledger';
import { CliCommand, UsageError } from '../cli-command';

/** ledger demo [perTownship]: loads the demo campaign (idempotent). */
export const demo: CliCommand = {
  usage: '[perTownship]',
  summary: { zh: '载入演示数据（可重复执行）', en: 'load the demo campaign (idempotent)' },
  check: ({ positionals: [perTownship] }) => {
    if (perTownship !== undefined && !/^[1-9]\d{0,4}$/.test(perTownship)) {
      throw new UsageError(`perTownship is a whole number from 1 to 99999, not "${perTownship}"`);
    }
  },
  async run(app, { positionals: [perTownship] }, out) {
    const result = await app
      .get(CommandBus)
      .execute(new LoadDemoCampaignCommand(perTownship ? Number(perTownship) : undefined));
    out.line(
      `演示数据：参保 ${result.enrolled} 条，未受理 ${result.refused} 条`,
      `demo: ${result.enrolled} enrollments, ${result.refused} refused`,
    );
    out.document(result);
    return 0;
  },
};
