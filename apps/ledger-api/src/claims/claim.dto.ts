import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = (field: string) => `${field} must be a date YYYY-MM-DD (Asia/Shanghai)`;
const fen = (field: string) => ({ message: `${field} must be an integer number of fen` });

export class PriorLayersDto {
  @ApiProperty({
    description: '基本医保: what basic medical insurance paid, fen',
    example: 3000000,
  })
  @IsInt(fen('basicInsuranceFen'))
  @Min(0)
  basicInsuranceFen!: number;

  @ApiProperty({
    description: '大病保险: what critical-illness insurance paid, fen',
    example: 1000000,
  })
  @IsInt(fen('criticalIllnessInsuranceFen'))
  @Min(0)
  criticalIllnessInsuranceFen!: number;

  @ApiProperty({ description: '医疗救助: what medical aid paid, fen', example: 500000 })
  @IsInt(fen('medicalAidFen'))
  @Min(0)
  medicalAidFen!: number;
}

export class ClaimLineDto {
  @ApiProperty({
    description:
      'A responsibility code of the plan: 000 in_catalogue, out_of_catalogue, special_drugs; 003 R1, R2, R3-1, R3-2, R4',
    example: 'in_catalogue',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  responsibilityCode!: string;

  @ApiProperty({
    description: 'What is left to the person on this responsibility after the prior layers, fen',
    example: 1500000,
  })
  @IsInt(fen('residualFen'))
  @Min(0)
  residualFen!: number;

  @ApiPropertyOptional({
    description:
      'Drug name for drug responsibilities (000 special drugs "by drug"): lines of one responsibility with distinct drugs are summed',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  drug?: string;
}

export class ClaimDto {
  @ApiProperty({
    description: 'Claim number; a claim id is accepted once per policy',
    example: 'GZ-2024-000123',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  claimId!: string;

  @ApiProperty({
    description: 'Date of treatment or purchase (Asia/Shanghai)',
    example: '2024-03-01',
  })
  @Matches(DATE, { message: DATE_MESSAGE('serviceDate') })
  serviceDate!: string;

  @ApiProperty({ description: 'Hospital or pharmacy', example: '赣州市人民医院' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  hospital!: string;

  @ApiProperty({ description: 'Total expense of the claim, fen', example: 6000000 })
  @IsInt(fen('totalExpenseFen'))
  @Min(0)
  totalExpenseFen!: number;

  @ApiProperty({
    type: PriorLayersDto,
    description: 'What the layers before Huiminbao paid (002 赔付顺序)',
  })
  @IsObject({
    message:
      'priorLayers must give basicInsuranceFen, criticalIllnessInsuranceFen and medicalAidFen',
  })
  @ValidateNested()
  @Type(() => PriorLayersDto)
  priorLayers!: PriorLayersDto;

  @ApiProperty({ type: [ClaimLineDto], description: 'Residuals per responsibility (and per drug)' })
  @IsArray()
  @ArrayMinSize(1, { message: 'lines must contain at least one residual line' })
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ClaimLineDto)
  lines!: ClaimLineDto[];

  @ApiPropertyOptional({ description: '既往症: pre-existing condition (default false)' })
  @IsOptional()
  @IsBoolean()
  preExisting?: boolean;

  @ApiPropertyOptional({ description: 'Incurred outside the home city (default false)' })
  @IsOptional()
  @IsBoolean()
  outOfArea?: boolean;

  @ApiPropertyOptional({ description: 'Business time (ISO-8601 with offset); default: now' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'occurredAt must be an ISO-8601 instant with an offset' })
  occurredAt?: string;
}

export class PayoutApprovalDto {
  @ApiPropertyOptional({ description: 'Business time; the coalition in effect then is used' })
  @IsOptional()
  @IsISO8601({ strict: true })
  occurredAt?: string;
}

export class PayoutPaymentDto {
  @ApiPropertyOptional({ description: 'Bank or settlement reference of the transfer' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  paymentReference?: string;

  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) occurredAt?: string;
}

export class SuspensionDto {
  @ApiProperty({ description: 'First date without basic insurance', example: '2024-03-01' })
  @Matches(DATE, { message: DATE_MESSAGE('from') })
  from!: string;

  @ApiProperty({ description: 'Why (e.g. 保费欠缴, 参保关系中断)', example: '保费欠缴' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason!: string;

  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) occurredAt?: string;
}

export class RestorationDto {
  @ApiProperty({
    description: 'The open suspension being ended (its from date)',
    example: '2024-03-01',
  })
  @Matches(DATE, { message: DATE_MESSAGE('suspendedFrom') })
  suspendedFrom!: string;

  @ApiProperty({ description: 'First date with basic insurance again', example: '2024-05-01' })
  @Matches(DATE, { message: DATE_MESSAGE('restoredOn') })
  restoredOn!: string;

  @ApiProperty({
    description:
      '补缴: contributions for the gap paid back. true: the suspended period is covered again; false: it stays uncovered',
  })
  @IsBoolean()
  backPaid!: boolean;

  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) occurredAt?: string;
}
