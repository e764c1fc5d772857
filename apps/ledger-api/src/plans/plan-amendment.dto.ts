import { TEXT_BOUNDS } from '@ledger/ledger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { PlanChanges } from '@ledger/domain';

export class PlanAmendmentDto {
  @ApiProperty({
    description:
      'Fields of the plan to set or change (enrollmentWindow, coverage, premium, coalition, planYear, ...). The domain checks each rule.',
    example: { enrollmentWindow: { opensOn: '2024-10-01', closesOn: '2024-12-31' } },
  })
  @IsObject()
  changes!: PlanChanges;

  @ApiProperty({ description: 'Why (kept in the plan history)', example: 'county notice 2024-09' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.reason)
  @IsNotEmpty()
  reason!: string;

  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) occurredAt?: string;
}
