import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Access, actorOf, callerOf } from '@ledger/access';
import { notFound } from '@ledger/domain';
import { LedgerIntegrity } from '@ledger/ledger';

/** Tamper evidence for auditors and operators (docs/audit.md). */
@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly integrity: LedgerIntegrity) {}

  @Post('seals')
  @HttpCode(201)
  // A seal is written to the log: the ledger's operator (auditors read, verify and export).
  @Access({ roles: ['operator'], resource: 'ledger' })
  @ApiOperation({
    summary:
      'Seal the log now: sign the head of the global Merkle tree, record it (LogSealed) and publish it; 503 ledger.integrity on an altered log',
  })
  async seal(@Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const outcome = await this.integrity.seal(actorOf(callerOf(req)));
    // 201 for a new seal; 200 when the latest seal already covers the log (or another sealer won).
    if (outcome.status !== 'sealed') res.status(200);
    return {
      status: outcome.status,
      ...(outcome.status !== 'raced' && outcome.published ? outcome.published : {}),
    };
  }

  @Get('seals/latest')
  // Seals are published (a file, the Kafka topic): any identity may read the latest.
  @Access({ roles: 'authenticated', resource: 'none' })
  @ApiOperation({
    summary: 'The latest published seal (signed tree head) and where it was recorded',
  })
  latestSeal() {
    const published = this.integrity.latestPublishedSeal();
    if (!published) throw notFound('seal', 'seal.notFound', 'no seal has been published yet');
    return published;
  }

  @Get('public-key')
  // What auditors check seals with: public by design.
  @Access({ roles: 'public', resource: 'none' })
  @ApiOperation({ summary: 'The Ed25519 public key seals verify with (SPKI PEM) and its key id' })
  publicKey() {
    return this.integrity.publicKey();
  }

  @Get('integrity')
  @Access({ roles: ['operator', 'auditor'], resource: 'ledger' })
  @ApiOperation({
    summary:
      "The running ledger's verification of its own log: verified events, global root, latest seal, the first problem found",
  })
  status() {
    return this.integrity.status();
  }
}
