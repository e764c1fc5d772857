import { TEXT_BOUNDS } from '@ledger/ledger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Min,
  ValidateIf,
  MaxLength,
} from 'class-validator';

export class AssessmentDto {
  @ApiProperty({ enum: ['inspection', 'staff_relatives'] })
  @IsIn(['inspection', 'staff_relatives'])
  kind!: 'inspection' | 'staff_relatives';

  @ApiProperty() @IsString() @MaxLength(TEXT_BOUNDS.id) townshipId!: string;

  @ApiPropertyOptional({ enum: ['organization', 'publicity', 'public_opinion'] })
  @ValidateIf((o: AssessmentDto) => o.kind === 'inspection')
  @IsIn(['organization', 'publicity', 'public_opinion'])
  item?: 'organization' | 'publicity' | 'public_opinion';

  @ApiPropertyOptional()
  @ValidateIf((o: AssessmentDto) => o.kind === 'inspection')
  @IsInt()
  points?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT_BOUNDS.note) note?: string;
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
