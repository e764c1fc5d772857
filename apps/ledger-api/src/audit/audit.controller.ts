import { Controller, Get, HttpCode, NotFoundException, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { LedgerIntegrity } from '@ledger/ledger';
import { AuthedRequest, Roles } from '../http/roles.guard';

/** Tamper evidence for auditors and operators (docs/audit.md). */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly integrity: LedgerIntegrity) {}

  @Post('seals')
  @HttpCode(201)
  @Roles('operator', 'auditor')
  @ApiOperation({
    summary:
      'Seal the log now: sign the head of the global Merkle tree, record it (LogSealed) and publish it; 503 ledger.integrity on an altered log',
  })
  async seal(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response) {
    const outcome = await this.integrity.seal(req.actor ?? 'api');
    // 201 for a new seal; 200 when the latest seal already covers the log (or another sealer won).
    if (outcome.status !== 'sealed') res.status(200);
    return {
      status: outcome.status,
      ...(outcome.status !== 'raced' && outcome.published ? outcome.published : {}),
    };
  }

  @Get('seals/latest')
  @ApiOperation({
    summary: 'The latest published seal (signed tree head) and where it was recorded',
  })
  latestSeal() {
    const published = this.integrity.latestPublishedSeal();
    if (!published) throw new NotFoundException('no seal has been published yet');
    return published;
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key seals verify with (SPKI PEM) and its key id' })
  publicKey() {
    return this.integrity.publicKey();
  }

  @Get('integrity')
  @Roles('operator', 'auditor')
  @ApiOperation({
    summary:
      "The running ledger's verification of its own log: verified events, global root, latest seal, the first problem found",
  })
  status() {
    return this.integrity.status();
  }
}
