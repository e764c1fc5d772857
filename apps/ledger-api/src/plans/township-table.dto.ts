import { TEXT_BOUNDS } from '@ledger/ledger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsObject, IsOptional, IsString, ValidateIf, MaxLength } from 'class-validator';
import { TargetRule, TownshipTable } from '@ledger/domain';

export class TownshipTableDto {
  @ApiProperty({
    description: 'Where the table comes from (document and annex)',
    example: '宁都县 附件2',
  })
  @IsString()
  @MaxLength(TEXT_BOUNDS.source)
  @IsNotEmpty()
  source!: string;

  @ApiPropertyOptional({
    description:
      'CSV: township,district,base,<one column per target level> or the Chinese headers 乡镇,片区,基数,… (docs/imports.md); 合计 / 小计 rows are stated totals. Or upload the file instead (multipart field "file": CSV in UTF-8 or GBK, or XLSX)',
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
