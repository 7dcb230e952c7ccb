import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * A clinic's question (DOMAIN.md §7), for the OpenAPI document; EligibilityRequestPipe validates it.
 * My Number is never part of it (§3.3): an unknown field is refused.
 */
export class EligibilityCheckRequest {
  @ApiProperty({ example: '0110113719', description: '10 digits with a Luhn check digit' })
  readonly medicalInstitutionCode!: string;

  @ApiProperty({ example: '2025-06-01', description: 'YYYY-MM-DD' })
  readonly confirmationDate!: string;

  @ApiProperty({ enum: ['numbers', 'card'], example: 'numbers' })
  readonly method!: 'numbers' | 'card';

  @ApiProperty({
    example: '123455',
    description:
      '6 or 8 digits with a check digit; a 6-digit NHI number padded to 8 with 00 (FHIR JP Core) is taken as its six',
  })
  readonly insurerNumber!: string;

  @ApiPropertyOptional({ example: '12' })
  readonly symbol?: string;

  @ApiProperty({ example: '1234567' })
  readonly number!: string;

  @ApiPropertyOptional({
    example: '00',
    description: 'Absent on documents printed before branch numbers: any branch matches',
  })
  readonly branch?: string;

  @ApiProperty({ example: '1980-05-10' })
  readonly birthDate!: string;
}
