import { TEXT_BOUNDS } from '@ledger/ledger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

export class SubsidyRosterDto {
  @ApiProperty({
    description: 'Roster id, stable per roster delivery (retrying it writes nothing twice)',
    example: 'civil-affairs-2023-12',
  })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsNotEmpty()
  rosterId!: string;

  @ApiProperty({ description: 'Who sent it (民政, 残联)', example: '余姚市民政局' })
  @IsString()
  @MaxLength(TEXT_BOUNDS.source)
  @IsNotEmpty()
  source!: string;

  @ApiProperty({
    description:
      "The list's own date (名单日期, YYYY-MM-DD, Asia/Shanghai), e.g. the end-of-window comparison: the reconciliation rule is applied at this date, not when the list reaches the ledger",
    example: '2023-12-10',
  })
  @IsString()
  @MaxLength(10)
  listDate!: string;

  @ApiPropertyOptional({
    description: 'The date the list reached the ledger (收到日期, YYYY-MM-DD); default: today',
    example: '2023-12-20',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  receivedOn?: string;

  @ApiProperty({
    description:
      'CSV: idNumber,name,category,scheme,insuredRegionCode,residentTier,townshipId|township,localHouseholdRegistration, or the Chinese headers 身份证号码,姓名,资助类别,参保类别,…,乡镇 (docs/imports.md); or upload the file instead (multipart field "file": CSV in UTF-8 or GBK, or XLSX)',
  })
  @IsString()
  csv!: string;
}
