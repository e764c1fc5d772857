import { TEXT_BOUNDS } from '@ledger/ledger';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class SubsidyRosterDto {
  @ApiProperty({
    description: 'Roster id, stable per roster delivery (retrying it writes nothing twice)',
    example: 'civil-affairs-2023-11',
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
      'CSV: idNumber,name,category,scheme,insuredRegionCode,residentTier,townshipId,localHouseholdRegistration, or the Chinese headers 身份证号码,姓名,资助类别,参保类别,… (docs/imports.md); or upload the file instead (multipart field "file": CSV in UTF-8 or GBK, or XLSX)',
  })
  @IsString()
  csv!: string;
}
