import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { invalid } from '@ledger/domain';
import { parsePosition } from '@ledger/event-store';
import { Access, AccessLog } from '@ledger/access';

const PERSON_REF = /^[A-Za-z0-9_-]{8,128}$/;

/** The access log (who read whose identity or health data, when, why) for auditors. */
@ApiTags('access')
@Controller('access-log')
export class AccessLogController {
  constructor(private readonly log: AccessLog) {}

  @Get()
  @Access({ roles: ['auditor', 'privacy_officer'], resource: 'ledger' })
  @ApiOperation({
    summary:
      'Reads of identities and claim details (访问记录): one person’s (personRef) or all, in log order, paged by position',
  })
  @ApiQuery({ name: 'personRef', required: false })
  @ApiQuery({ name: 'after', required: false, description: 'log position of the last entry seen' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  async list(
    @Query('personRef') personRef?: string,
    @Query('after') after?: string,
    @Query('limit') limit?: string,
  ) {
    if (personRef !== undefined) {
      if (!PERSON_REF.test(personRef))
        throw invalid(
          'personRef',
          'query.personRef',
          'personRef is the person’s reference from the ledger',
        );
      return { entries: await this.log.ofPerson(personRef) };
    }
    const position = after === undefined ? undefined : parsePosition(after);
    if (after !== undefined && !position)
      throw invalid(
        'after',
        'query.position',
        'after must be a log position like 1234 or 1234/1200',
      );
    const count = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 1000)
      throw invalid('limit', 'query.limit', 'limit must be a whole number from 1 to 1000');
    return this.log.page(position, count);
  }
}
