import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateIf,
} from 'class-validator';
import { TargetRule, TownshipTable } from '@ledger/domain';

export class TownshipTableDto {
  @ApiProperty({
    description: 'Where the table comes from (document and annex)',
    example: '宁都县 附件2',
  })
  @IsString()
  @IsNotEmpty()
  source!: string;

  @ApiPropertyOptional({
    description:
      'CSV: township,district,base,<one column per target level>; 合计 / 小计 rows are stated totals',
  })
  @ValidateIf((o: TownshipTableDto) => o.table === undefined)
  @IsString({ message: 'give the table as csv (a string) or as table (JSON)' })
  csv?: string;

  @ApiPropertyOptional({
    description:
      'JSON: {rows: [{name, district?, base?, targets}], statedTotal?, statedDistrictSubtotals?}',
  })
  @IsOptional()
  @IsObject()
  table?: TownshipTable;

  @ApiPropertyOptional({
    description: "Target rule to use (and record on the plan); default: the plan's",
  })
  @IsOptional()
  @IsObject()
  targets?: TargetRule;
}

export class AssessmentDto {
  @ApiProperty({ enum: ['inspection', 'staff_relatives'] })
  @IsIn(['inspection', 'staff_relatives'])
  kind!: 'inspection' | 'staff_relatives';

  @ApiProperty() @IsString() townshipId!: string;

  @ApiPropertyOptional({ enum: ['organization', 'publicity', 'public_opinion'] })
  @ValidateIf((o: AssessmentDto) => o.kind === 'inspection')
  @IsIn(['organization', 'publicity', 'public_opinion'])
  item?: 'organization' | 'publicity' | 'public_opinion';

  @ApiPropertyOptional()
  @ValidateIf((o: AssessmentDto) => o.kind === 'inspection')
  @IsInt()
  points?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() note?: string;
  @ApiPropertyOptional()
  @ValidateIf((o: AssessmentDto) => o.kind === 'staff_relatives')
  @IsInt()
  @Min(0)
  relatives?: number;
  @ApiPropertyOptional()
  @ValidateIf((o: AssessmentDto) => o.kind === 'staff_relatives')
  @IsInt()
  @Min(0)
  enrolled?: number;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) occurredAt?: string;
}

export class SubsidyRosterDto {
  @ApiProperty({
    description: 'Roster id, stable per roster delivery (retrying it writes nothing twice)',
    example: 'civil-affairs-2023-11',
  })
  @IsString()
  @IsNotEmpty()
  rosterId!: string;

  @ApiProperty({ description: 'Who sent it (民政, 残联)', example: '余姚市民政局' })
  @IsString()
  @IsNotEmpty()
  source!: string;

  @ApiProperty({
    description:
      'CSV: idNumber,name,category,scheme,insuredRegionCode,residentTier,townshipId,localHouseholdRegistration',
  })
  @IsString()
  csv!: string;
}
