import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** A credential exchanged for a browser session: an API key or a JWT, exactly one. */
export class SessionRequestDto {
  @ApiPropertyOptional({ description: 'an API key' })
  @IsOptional()
  @IsString()
  @Length(1, 512)
  key?: string;

  @ApiPropertyOptional({ description: 'a JWT from the configured identity provider' })
  @IsOptional()
  @IsString()
  @Length(1, 8192)
  token?: string;
}
