import { TEXT_BOUNDS } from '@ledger/ledger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { TargetRule, TownshipTable } from '@ledger/domain';

/** A township table to preview: the diff against the plan's townships, nothing written. */
export class TownshipTablePreviewDto {
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
      'CSV: township,code,district,base,<one column per target level>, or the Chinese headers 乡镇,代码,片区,基数,… (docs/imports.md); 合计 / 总计 / 小计 / 片区小计 rows are stated totals, checked and never imported. Or upload the file instead (multipart field "file": CSV in UTF-8 or GBK, or XLSX)',
  })
  @ValidateIf((o: TownshipTablePreviewDto) => o.table === undefined)
  @IsString({ message: 'give the table as csv (a string) or as table (JSON)' })
  csv?: string;

  @ApiPropertyOptional({
    description:
      'JSON: {rows: [{name, code?, district?, base?, targets}], statedTotal?, statedDistrictSubtotals?}',
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

  @ApiPropertyOptional({
    description:
      'Where townships the table leaves out or renames go: {"<township id, code or name>": "<row name or code>" | "keep"}. Required for each one holding enrollments',
    example: { 肖田乡: '保留' },
  })
  @IsOptional()
  @IsObject()
  mapping?: Record<string, string>;

  @ApiPropertyOptional({
    description: 'Keep every township the table does not list, as it is (a partial table)',
  })
  @IsOptional()
  @IsBoolean()
  keepUnlisted?: boolean;
}

/** The same table, applied: with the fingerprint its preview gave. */
export class TownshipTableDto extends TownshipTablePreviewDto {
  @ApiProperty({
    description:
      'The fingerprint of the preview being confirmed (20 hex digits): the table is applied only if it still produces that diff',
  })
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @IsOptional()
  fingerprint?: string;
}
