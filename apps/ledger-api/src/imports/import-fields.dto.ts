import { ApiPropertyOptional, ApiQuery } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { TEXT_BOUNDS } from '@ledger/ledger';

/** The form fields (or query parameters) that come with an uploaded file. */
export class ImportFieldsDto {
  @ApiPropertyOptional({
    description:
      "Names the import (default: the file's SHA-256): the same id never writes a line twice",
    example: 'township-centre-2023-12-22',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_BOUNDS.id)
  @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'importId may hold letters, digits and . _ : -' })
  importId?: string;

  @ApiPropertyOptional({ description: 'XLSX: the worksheet to read (default: the first)' })
  @IsOptional()
  @IsString()
  @MaxLength(31)
  sheet?: string;
}

/** The import id as a query parameter, for a file sent as the whole body (no form fields). */
export const ImportIdQuery = () =>
  ApiQuery({
    name: 'importId',
    required: false,
    description:
      'With the file as the whole body (text/csv, XLSX, JSON Lines): the import id (default: the SHA-256 of the file)',
  });
