import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ACCOUNT_RELATIONS, PERSONAL_ACCOUNT_KINDS, PlanYearChanges } from '@ledger/domain';
import { BasicInsuranceDto, PayerDto, PersonDto, TEXT_BOUNDS } from '@ledger/ledger';

const occurredAtMessage = { message: 'occurredAt must be an ISO-8601 instant with an offset' };

export class DerivePlanDto {
  @ApiProperty({ description: "This year's plan, the product's latest", example: 'ganzhou-2024' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsNotEmpty()
  fromPlanId!: string;

  @ApiPropertyOptional({
    description: "Next year's plan id (default: the year in fromPlanId replaced, ganzhou-2025)",
  })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, {
    message: 'planId must be lower-case letters, digits and dashes',
  })
  planId?: string;

  @ApiProperty({
    description:
      'What changes from this year (premium, enrollmentWindow, coverage, targets, benefits, responsibilities [{code, deductibleFen, segments, preExistingRatioBp, capFen}], planCapFen, acceptedSources, …). Anything not given is carried over with its dates moved a year on. The result is validated as a whole; one that cannot open enrollment stays a draft.',
    example: { responsibilities: [{ code: 'in_catalogue', deductibleFen: 2_000_000 }] },
  })
  @IsObject()
  changes!: PlanYearChanges;

  @ApiProperty({
    description: 'Why (recorded with the plan): e.g. the year-end loss ratio',
    example: '2024年度赔付率偏高，起付线提高至2万元',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, occurredAtMessage)
  occurredAt?: string;
}

export class LocalizedNameDto {
  @ApiProperty({ example: '人保财险' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.name)
  @IsNotEmpty()
  zh!: string;
  @ApiProperty({ example: 'PICC P&C' }) @IsString() @MaxLength(TEXT_BOUNDS.name) en!: string;
}

export class CoalitionMemberDto {
  @ApiProperty({ example: 'picc-pc' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsNotEmpty()
  insurerId!: string;

  @ApiProperty({ type: LocalizedNameDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => LocalizedNameDto)
  name!: LocalizedNameDto;

  @ApiProperty({ description: 'Share in basis points (all members sum to 10,000)', example: 4000 })
  @IsInt({ message: 'shareBp must be an integer number of basis points' })
  @Min(1)
  @Max(10_000)
  shareBp!: number;
}

export class CoalitionDto {
  @ApiProperty({
    description: 'The lead insurer (主承保), first of the members',
    example: 'picc-pc',
  })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsNotEmpty()
  leadInsurerId!: string;

  @ApiProperty({ type: [CoalitionMemberDto] })
  @ArrayMinSize(1)
  @ValidateNested({ each: true })
  @Type(() => CoalitionMemberDto)
  members!: CoalitionMemberDto[];
}

export class CoalitionTermDto {
  @ApiProperty({ description: 'First plan year of the term', example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2200)
  fromYear!: number;

  @ApiPropertyOptional({ description: 'Plan years in the term (002: 承办期每期3年)', example: 3 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  years?: number;

  @ApiProperty({ type: CoalitionDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CoalitionDto)
  coalition!: CoalitionDto;

  @ApiProperty({ example: '2024年公开遴选' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.reason)
  @IsNotEmpty()
  reason!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, occurredAtMessage)
  occurredAt?: string;
}

export class CoalitionAmendmentDto {
  @ApiProperty({
    description: 'First date (Asia/Shanghai) the new shares apply',
    example: '2025-07-01',
  })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'effectiveOn must be a date YYYY-MM-DD' })
  effectiveOn!: string;

  @ApiProperty({ type: CoalitionDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => CoalitionDto)
  coalition!: CoalitionDto;

  @ApiProperty({ example: '共保协议补充约定' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.reason)
  @IsNotEmpty()
  reason!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, occurredAtMessage)
  occurredAt?: string;
}

export class OperatingCostDto {
  @ApiProperty({ example: 'picc-pc' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsNotEmpty()
  insurerId!: string;

  @ApiProperty({
    description: 'Operating cost of the plan year in integer fen',
    example: 30_000,
  })
  @IsInt({ message: 'amountFen must be an integer number of fen' })
  @Min(0)
  amountFen!: number;

  @ApiPropertyOptional({ example: '宣传推广、理赔服务' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, occurredAtMessage)
  occurredAt?: string;
}

export class RenewalConsentDto {
  @ApiProperty({ type: PersonDto })
  @IsDefined({ message: 'person is required' })
  @ValidateNested()
  @Type(() => PersonDto)
  person!: PersonDto;

  @ApiProperty({ type: BasicInsuranceDto })
  @IsDefined({ message: 'basicInsurance is required' })
  @ValidateNested()
  @Type(() => BasicInsuranceDto)
  basicInsurance!: BasicInsuranceDto;

  @ApiPropertyOptional({ example: 't01' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  townshipId?: string;

  @ApiProperty({
    type: PayerDto,
    description: "The personal-account holder (an employee-insured person; the insured for 'self')",
  })
  @IsDefined({ message: 'payer is required' })
  @ValidateNested()
  @Type(() => PayerDto)
  payer!: PayerDto;

  @ApiProperty({
    enum: ACCOUNT_RELATIONS,
    description: "The insured is the holder's self, spouse, parent or child",
  })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  relation!: (typeof ACCOUNT_RELATIONS)[number];

  @ApiPropertyOptional({ enum: PERSONAL_ACCOUNT_KINDS })
  @IsOptional()
  @IsIn(PERSONAL_ACCOUNT_KINDS as unknown as string[])
  account?: (typeof PERSONAL_ACCOUNT_KINDS)[number];

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, occurredAtMessage)
  occurredAt?: string;
}

export class ConsentWithdrawalDto {
  @ApiProperty({ example: '本人申请撤回' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.reason)
  @IsNotEmpty()
  reason!: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true }, occurredAtMessage)
  occurredAt?: string;
}

export class RenewalRunDto {
  @ApiProperty({ description: 'The plan year renewed into', example: 2025 })
  @IsInt()
  @Min(2000)
  @Max(2200)
  planYear!: number;

  @ApiPropertyOptional({
    description:
      "Business time of a new run, inside the year's window (default: now); an interrupted run resumes with its own",
  })
  @IsOptional()
  @IsISO8601({ strict: true }, occurredAtMessage)
  occurredAt?: string;
}
