import { BasicInsuranceDto, PersonDto, TEXT_BOUNDS } from '@ledger/ledger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** People per batch: a staff list of a large employer fits; bigger lists go in several batches. */
export const MAX_STAFF_PER_BATCH = 5_000;

export class PurchaserDto {
  @ApiProperty({
    description:
      'Stable id of the employer or union: the unified social credit code (统一社会信用代码) where it has one',
    example: '91330281MA2AAAAA1X',
  })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsNotEmpty()
  employerId!: string;

  @ApiProperty({ example: '余姚某制造有限公司工会' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.name)
  @IsNotEmpty()
  name!: string;

  @ApiProperty({
    enum: ['employer', 'union'],
    description: 'employer (单位, welfare funds) or union (工会, union funds)',
  })
  @IsIn(['employer', 'union'])
  kind!: 'employer' | 'union';
}

export class EmployerShareDto {
  @ApiPropertyOptional({
    description:
      "The employer's share of each premium in percent (1–100), rounded half-up to the fen",
    example: 60,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  percent?: number;

  @ApiPropertyOptional({
    description: 'Or a fixed amount per person, in fen (never more than the person’s premium)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  amountFen?: number;
}

export class StaffDto extends PersonDto {
  @ApiProperty({ type: BasicInsuranceDto })
  @IsDefined({ message: 'basicInsurance is required' })
  @ValidateNested()
  @Type(() => BasicInsuranceDto)
  basicInsurance!: BasicInsuranceDto;

  @ApiPropertyOptional({
    description: 'Township (乡镇): Chinese name, statistical division code or id',
    example: '兰江街道',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_BOUNDS.name)
  township?: string;
}

export class RemittanceDto {
  @ApiProperty({ description: 'The amount received for the batch, in fen', example: 2994000 })
  @IsInt()
  @Min(0)
  amountFen!: number;

  @ApiPropertyOptional({ description: 'Date received (YYYY-MM-DD, Asia/Shanghai); default today' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  receivedOn?: string;

  @ApiPropertyOptional({ description: 'Bank or voucher reference' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_BOUNDS.source)
  reference?: string;
}

export class GroupPurchaseDto {
  @ApiProperty({ type: PurchaserDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => PurchaserDto)
  employer!: PurchaserDto;

  @ApiProperty({ description: 'Batch id, stable per staff list sent', example: 'staff-2023-11' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsNotEmpty()
  batchId!: string;

  @ApiProperty({ type: EmployerShareDto, example: { percent: 60 } })
  @IsDefined()
  @ValidateNested()
  @Type(() => EmployerShareDto)
  employerShare!: EmployerShareDto;

  @ApiPropertyOptional({
    enum: ['individual', 'personal_account'],
    description:
      'Who pays the rest of each premium: the person (individual) or their personal account (a scheduled deduction, pending until it settles). Default individual',
  })
  @IsOptional()
  @IsIn(['individual', 'personal_account'])
  restPaidBy?: 'individual' | 'personal_account';

  @ApiProperty({ type: [StaffDto] })
  @ArrayMinSize(1, { message: 'staff must list at least one person' })
  @ArrayMaxSize(MAX_STAFF_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => StaffDto)
  staff!: StaffDto[];

  @ApiPropertyOptional({
    description: 'Business time of the enrollments (ISO-8601 with offset); default: now',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;

  @ApiPropertyOptional({ type: RemittanceDto, description: "The batch's remittance, when known" })
  @IsOptional()
  @ValidateNested()
  @Type(() => RemittanceDto)
  remittance?: RemittanceDto;
}
