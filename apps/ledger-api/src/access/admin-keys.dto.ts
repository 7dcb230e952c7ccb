import {
  type InsurerNumber,
  type MedicalInstitutionCode,
  parseInsurerNumber,
  parseMedicalInstitutionCode,
} from '@ledger/domain';
import { type Role, roles } from '@ledger/access';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayNotEmpty, IsArray, IsIn, IsOptional } from 'class-validator';
import { Satisfies } from '@ledger/ledger';

export class CreateKeyRequest {
  @ApiProperty({ enum: roles, example: 'insurer-clerk' })
  @IsIn(roles, { message: `must be one of ${roles.join(', ')}` })
  readonly role!: Role;

  @ApiPropertyOptional({
    type: [String],
    example: ['138057'],
    description: 'The insurers an insurer-clerk acts for; required for that role and for no other',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Satisfies(parseInsurerNumber, { each: true })
  readonly insurers?: InsurerNumber[];

  @ApiPropertyOptional({
    type: [String],
    example: ['0110113719'],
    description:
      'The institutions a medical-institution key checks as (10-digit codes): a check naming another is 403. ' +
      'Without them the key checks as any institution (a gateway relaying many clinics). For that role only',
  })
  @IsOptional()
  @IsArray()
  @ArrayNotEmpty()
  @Satisfies(parseMedicalInstitutionCode, { each: true })
  readonly medicalInstitutions?: MedicalInstitutionCode[];
}

export class KeyView {
  @ApiProperty({ example: 'key-3f9a1c2b7d4e' })
  readonly id!: string;

  @ApiProperty({ enum: roles, example: 'insurer-clerk' })
  readonly role!: Role;

  @ApiPropertyOptional({ type: [String], example: ['138057'] })
  readonly insurers?: readonly string[];

  @ApiPropertyOptional({ type: [String], example: ['0110113719'] })
  readonly medicalInstitutions?: readonly string[];

  @ApiProperty({ enum: ['created', 'configured'], example: 'created' })
  readonly source!: 'created' | 'configured';

  @ApiProperty({ example: '2026-11-23T17:00:00.000Z' })
  readonly createdAt!: string;

  @ApiPropertyOptional({ example: '2026-11-24T09:00:00.000Z' })
  readonly revokedAt?: string;
}

export class CreatedKeyView extends KeyView {
  @ApiProperty({
    example: 'lk_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5',
    description: 'The key itself: answered this once and never again; the ledger keeps only its hash',
  })
  readonly key!: string;
}
