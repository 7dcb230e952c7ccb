import {
  type BranchNumber,
  type CalendarDate,
  type EligibilityMethod,
  type InsuredNumber,
  type InsuredSymbol,
  type InsurerNumber,
  type MedicalInstitutionCode,
  parseBranchNumber,
  parseCalendarDate,
  parseInsuredNumber,
  parseInsuredSymbol,
  parseInsurerNumber,
  parseMedicalInstitutionCode,
} from '@ledger/domain';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ParsedBy } from './parsed-by.decorator';

/** A clinic's question (DOMAIN.md §7). My Number is never part of it (§3.3). */
export class EligibilityCheckRequest {
  @ApiProperty({ example: '0110113719', description: '10 digits with a Luhn check digit' })
  @ParsedBy(parseMedicalInstitutionCode)
  readonly medicalInstitutionCode!: MedicalInstitutionCode;

  @ApiProperty({ example: '2025-06-01' })
  @ParsedBy(parseCalendarDate)
  readonly confirmationDate!: CalendarDate;

  @ApiProperty({ enum: ['numbers', 'card'], example: 'numbers' })
  @IsIn(['numbers', 'card'], { message: 'method: must be numbers or card' })
  readonly method!: EligibilityMethod;

  @ApiProperty({ example: '123455' })
  @ParsedBy(parseInsurerNumber)
  readonly insurerNumber!: InsurerNumber;

  @ApiPropertyOptional({ example: '12' })
  @IsOptional()
  @ParsedBy(parseInsuredSymbol)
  readonly symbol?: InsuredSymbol;

  @ApiProperty({ example: '3456' })
  @ParsedBy(parseInsuredNumber)
  readonly number!: InsuredNumber;

  @ApiPropertyOptional({
    example: '01',
    description: 'Absent on documents printed before branch numbers: any branch matches',
  })
  @IsOptional()
  @ParsedBy(parseBranchNumber)
  readonly branch?: BranchNumber;

  @ApiProperty({ example: '1980-05-10' })
  @ParsedBy(parseCalendarDate)
  readonly birthDate!: CalendarDate;
}
