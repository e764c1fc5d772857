import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { TEXT_BOUNDS } from '../core/text-bounds';
import { ACCOUNT_RELATIONS, CONTRIBUTION_SOURCES, PERSONAL_ACCOUNT_KINDS } from '@ledger/domain';

export class PersonDto {
  @ApiProperty({
    description:
      'Resident ID or HK/Macau/Taiwan residence permit number (18 characters). Never stored in clear.',
    example: '360730198005060112',
  })
  @IsString()
  @Matches(/^\s*\d{17}[\dXx]\s*$/, {
    message: 'idNumber must be 18 characters: 17 digits and a check character (digit or X)',
  })
  idNumber!: string;

  @ApiPropertyOptional({ description: 'Name; stored only inside the encrypted identity envelope.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({
    description: 'Phone; stored only inside the encrypted identity envelope.',
  })
  @IsOptional()
  @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'phone must be digits, spaces or dashes (5 to 20)' })
  phone?: string;

  @ApiPropertyOptional({
    description:
      'Local household registration (本市户籍), required by some full-subsidy categories (003).',
  })
  @IsOptional()
  @IsBoolean()
  localHouseholdRegistration?: boolean;
}

export class PayerDto extends PersonDto {
  @ApiPropertyOptional({
    enum: ['employee', 'resident'],
    description: "The payer's basic-insurance scheme (a personal account needs employee).",
  })
  @IsOptional()
  @IsIn(['employee', 'resident'])
  scheme?: 'employee' | 'resident';
}

export class BasicInsuranceDto {
  @ApiProperty({
    enum: ['employee', 'resident'],
    description: '职工 employee or 城乡居民 resident basic medical insurance',
  })
  @IsIn(['employee', 'resident'])
  scheme!: 'employee' | 'resident';

  @ApiProperty({
    description: 'GB/T 2260 code of the area where basic insurance is held',
    example: '360730',
  })
  @Matches(/^\d{6}$/, { message: 'insuredRegionCode must be a 6-digit GB/T 2260 code' })
  insuredRegionCode!: string;

  @ApiPropertyOptional({
    enum: ['adult', 'infant', 'student'],
    description: 'Resident tier (成年居民档, 婴幼儿档, 中小学生档)',
  })
  @IsOptional()
  @IsIn(['adult', 'infant', 'student'])
  residentTier?: 'adult' | 'infant' | 'student';

  @ApiPropertyOptional({
    description: 'Long-term residence, for new citizens insured elsewhere (001 新市民)',
  })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'residenceRegionCode must be a 6-digit GB/T 2260 code' })
  residenceRegionCode?: string;
}

export class FunderDto {
  @ApiProperty() @IsString() @MaxLength(TEXT_BOUNDS.id) @IsNotEmpty() funderId!: string;
  @ApiProperty() @IsString() @MaxLength(TEXT_BOUNDS.name) @IsNotEmpty() name!: string;
}

export class ContributionDto {
  @ApiProperty({ enum: CONTRIBUTION_SOURCES })
  @IsIn(CONTRIBUTION_SOURCES as unknown as string[])
  source!: (typeof CONTRIBUTION_SOURCES)[number];

  @ApiProperty({ description: 'Amount in integer fen (1 yuan = 100 fen)', example: 10000 })
  @IsInt({ message: 'amountFen must be an integer number of fen' })
  @Min(1)
  amountFen!: number;

  @ApiPropertyOptional({ type: PayerDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PayerDto)
  payer?: PayerDto;

  @ApiPropertyOptional({
    enum: ACCOUNT_RELATIONS,
    description: "personal_account: the insured is the holder's self, spouse, parent or child",
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  relation?: (typeof ACCOUNT_RELATIONS)[number];

  @ApiPropertyOptional({ enum: PERSONAL_ACCOUNT_KINDS })
  @IsOptional()
  @IsIn(PERSONAL_ACCOUNT_KINDS as unknown as string[])
  account?: (typeof PERSONAL_ACCOUNT_KINDS)[number];

  @ApiPropertyOptional({
    enum: ['settled', 'pending'],
    description: 'personal_account: a scheduled deduction (个账预约划扣) is pending',
  })
  @IsOptional()
  @IsIn(['settled', 'pending'])
  deduction?: 'settled' | 'pending';

  @ApiPropertyOptional({ type: FunderDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => FunderDto)
  funder?: FunderDto;

  @ApiPropertyOptional({ enum: ['welfare', 'union'] })
  @IsOptional()
  @IsIn(['welfare', 'union'])
  fund?: 'welfare' | 'union';

  @ApiPropertyOptional({ description: 'Subsidy category code of the plan (e.g. di_bao)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  category?: string;
}

export class EnrollmentDto {
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

  @ApiPropertyOptional({
    description: 'Township (乡镇) id of the plan, for progress against targets',
    example: 't01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  townshipId?: string;

  @ApiProperty({ type: [ContributionDto] })
  @ArrayMinSize(1, { message: 'contributions must contain at least one contribution' })
  @ValidateNested({ each: true })
  @Type(() => ContributionDto)
  contributions!: ContributionDto[];

  @ApiPropertyOptional({
    description: 'Business time reported by the channel (ISO-8601 with offset); default: now',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'occurredAt must be an ISO-8601 instant with an offset' })
  occurredAt?: string;
}

export class CancellationDto {
  @ApiProperty() @IsString() @MaxLength(TEXT_BOUNDS.reason) @IsNotEmpty() reason!: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) occurredAt?: string;
}

export class DeductionOutcomeDto {
  @ApiProperty({ description: 'contributionId from the enrollment, e.g. "<enrollmentId>/c1"' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsNotEmpty()
  contributionId!: string;

  @ApiPropertyOptional({ description: 'Why a deduction failed (required for failures)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_BOUNDS.reason)
  reason?: string;

  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) occurredAt?: string;
}

export class PolicyLookupDto {
  @ApiProperty({
    description: 'ID number; sent in the body so it never appears in URLs or access logs',
  })
  @IsString()
  idNumber!: string;
}

export class ErasureDto {
  @ApiProperty() @IsString() idNumber!: string;
  @ApiProperty() @IsString() @MaxLength(TEXT_BOUNDS.reason) @IsNotEmpty() reason!: string;
}
