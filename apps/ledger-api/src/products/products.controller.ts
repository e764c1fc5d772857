import { Body, Controller, Get, Param, ParseIntPipe, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import {
  AmendCoalitionSharesCommand,
  asOfFrom,
  cumulativeTable,
  DerivePlanCommand,
  GiveRenewalConsentCommand,
  ProductViews,
  RenewalRuns,
  SelectCoalitionTermCommand,
  StateOperatingCostCommand,
  WithdrawRenewalConsentCommand,
  yearEndTable,
} from '@ledger/ledger';
import { fileFormatOf } from '../http/file-format';
import { sendView } from '../views/send-view';
import { commandContext } from '../http/command-context.factory';
import { Request } from 'express';
import { Access, AccessRule, actorOf, callerOf } from '@ledger/access';
import { PERSON_READERS, PLAN_FIGURE_READERS } from '../http/readers';
import {
  CoalitionAmendmentDto,
  CoalitionTermDto,
  ConsentWithdrawalDto,
  DerivePlanDto,
  OperatingCostDto,
  RenewalConsentDto,
  RenewalRunDto,
} from './product.dto';

interface ViewQuery {
  asOf?: string;
  asOfPosition?: string;
  format?: string;
}

/**
 * A product spans plans, years and counties: its figures and its changes concern the whole
 * product, so they are for ledger-wide identities (docs/access.md, "Products").
 */
const PRODUCT_READ: AccessRule = { roles: PLAN_FIGURE_READERS, resource: 'ledger' };
const PRODUCT_WRITE: AccessRule = { roles: ['operator'], resource: 'ledger' };

/** Products across years (issue 16, docs/products.md): yearly plans, terms, renewal, views. */
@ApiTags('products')
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: 'Retrying with the same key writes nothing twice',
})
@Controller('products')
export class ProductsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly views: ProductViews,
    private readonly renewals: RenewalRuns,
  ) {}

  @Get()
  @Access(PRODUCT_READ)
  @ApiOperation({ summary: 'Products (惠民保产品) and their yearly plans' })
  list() {
    return this.views.list();
  }

  @Get(':productId')
  @Access(PRODUCT_READ)
  @ApiOperation({
    summary:
      'A product: yearly plans (how each was derived), coalition terms, operating costs, renewal runs',
  })
  get(@Param('productId') productId: string) {
    return this.views.get(productId);
  }

  @Post(':productId/plans')
  @Access(PRODUCT_WRITE)
  @ApiOperation({
    summary:
      "Derive next year's plan from this year's with explicit changes and a reason (保障方案年度动态调整)",
  })
  derive(@Param('productId') productId: string, @Body() body: DerivePlanDto, @Req() req: Request) {
    return this.commands.execute(new DerivePlanCommand(productId, body, commandContext(req)));
  }

  @Post(':productId/coalition-terms')
  @Access(PRODUCT_WRITE)
  @ApiOperation({
    summary:
      'Select the lead insurer and coalition for a term of plan years (承办期, 002: 3 years)',
  })
  selectTerm(
    @Param('productId') productId: string,
    @Body() body: CoalitionTermDto,
    @Req() req: Request,
  ) {
    return this.commands.execute(
      new SelectCoalitionTermCommand(productId, body, commandContext(req)),
    );
  }

  @Post(':productId/coalition-terms/:termId/amendments')
  @Access(PRODUCT_WRITE)
  @ApiOperation({ summary: "Change a term's shares from an effective date (never retroactive)" })
  amendTerm(
    @Param('productId') productId: string,
    @Param('termId') termId: string,
    @Body() body: CoalitionAmendmentDto,
    @Req() req: Request,
  ) {
    return this.commands.execute(
      new AmendCoalitionSharesCommand(productId, termId, body, commandContext(req)),
    );
  }

  @Post(':productId/years/:planYear/operating-costs')
  @Access(PRODUCT_WRITE)
  @ApiOperation({ summary: "An insurer's operating cost of a plan year (综合运营成本)" })
  operatingCost(
    @Param('productId') productId: string,
    @Param('planYear', ParseIntPipe) planYear: number,
    @Body() body: OperatingCostDto,
    @Req() req: Request,
  ) {
    return this.commands.execute(
      new StateOperatingCostCommand(productId, planYear, body, commandContext(req)),
    );
  }

  @Get(':productId/years/:planYear/report')
  @Access(PRODUCT_READ)
  @ApiOperation({
    summary:
      'Year-end report (年度运行情况): premiums, payouts, loss ratio per responsibility and insurer, operating costs',
  })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'asOfPosition', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  async yearEnd(
    @Param('productId') productId: string,
    @Param('planYear', ParseIntPipe) planYear: number,
    @Query() q: ViewQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const format = q.format === undefined ? 'json' : fileFormatOf(q.format);
    const report = await this.views.yearEnd(productId, planYear, asOfFrom(q));
    await sendView(req, res, format, report, yearEndTable);
  }

  @Get(':productId/cumulative')
  @Access(PRODUCT_READ)
  @ApiOperation({
    summary:
      'Cumulative view (累计): distinct people, enrollments and renewal rate per year, payouts and loss ratio, by county; insurer ranking per year and term',
  })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiQuery({ name: 'asOfPosition', required: false })
  @ApiQuery({ name: 'format', required: false, enum: ['json', 'csv', 'xlsx'] })
  async cumulative(
    @Param('productId') productId: string,
    @Query() q: ViewQuery,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const format = q.format === undefined ? 'json' : fileFormatOf(q.format);
    const report = await this.views.cumulative(productId, asOfFrom(q));
    await sendView(req, res, format, report, cumulativeTable);
  }

  @Post(':productId/renewal-consents')
  @Access(PRODUCT_WRITE)
  @ApiOperation({
    summary:
      'A standing consent to renew (续保) by personal-account scheduled deduction, with payer and relation',
  })
  consent(
    @Param('productId') productId: string,
    @Body() body: RenewalConsentDto,
    @Req() req: Request,
  ) {
    return this.commands.execute(
      new GiveRenewalConsentCommand(productId, body, commandContext(req)),
    );
  }

  @Get(':productId/renewal-consents/:personRef')
  @Access({ roles: PERSON_READERS, resource: 'ledger' })
  @ApiOperation({ summary: "A person's renewal record: consents, withdrawals, years not renewed" })
  renewal(@Param('productId') productId: string, @Param('personRef') personRef: string) {
    return this.views.renewal(productId, personRef);
  }

  @Post(':productId/renewal-consents/:personRef/withdrawal')
  @Access(PRODUCT_WRITE)
  @ApiOperation({ summary: 'Withdraw a renewal consent' })
  withdraw(
    @Param('productId') productId: string,
    @Param('personRef') personRef: string,
    @Body() body: ConsentWithdrawalDto,
    @Req() req: Request,
  ) {
    return this.commands.execute(
      new WithdrawRenewalConsentCommand(
        productId,
        personRef,
        body.reason,
        body.occurredAt,
        commandContext(req),
      ),
    );
  }

  @Post(':productId/renewal-runs')
  @Access(PRODUCT_WRITE)
  @ApiOperation({
    summary:
      'Renewal run (续保批处理) into a plan year while its window is open: pending deductions for the consenting, the others reported with why; resumable',
  })
  renew(@Param('productId') productId: string, @Body() body: RenewalRunDto, @Req() req: Request) {
    return this.renewals.run(productId, body.planYear, {
      ...(body.occurredAt ? { occurredAt: body.occurredAt } : {}),
      actor: actorOf(callerOf(req)),
    });
  }
}
