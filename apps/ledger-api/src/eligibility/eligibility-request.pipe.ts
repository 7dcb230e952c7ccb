import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import {
  type EligibilityQuestion,
  isRecord,
  type MedicalInstitutionCode,
  parseBranchNumber,
  parseCalendarDate,
  parseAskedNumber,
  parseAskedSymbol,
  parseMedicalInstitutionCode,
  parsePaddedInsurerNumber,
  type Parsed,
  unknownFieldError,
} from '@ledger/domain';
import { parserRefusal } from '@ledger/ledger';

export type EligibilityRequest = EligibilityQuestion & { readonly medicalInstitutionCode: MedicalInstitutionCode };

const parseMethod = (raw: unknown): Parsed<'numbers' | 'card'> =>
  raw === 'numbers' || raw === 'card' ? { ok: true, value: raw } : { ok: false, reason: 'must be numbers or card' };

const fields: Readonly<Record<string, { parse: (raw: unknown) => Parsed<unknown>; optional?: true }>> = {
  medicalInstitutionCode: { parse: parseMedicalInstitutionCode },
  confirmationDate: { parse: parseCalendarDate },
  method: { parse: parseMethod },
  // A clinic's system may send the FHIR form, padded to 8 digits: persons are found under the number as kept.
  insurerNumber: { parse: parsePaddedInsurerNumber },
  symbol: { parse: parseAskedSymbol, optional: true },
  number: { parse: parseAskedNumber },
  branch: { parse: parseBranchNumber, optional: true },
  birthDate: { parse: parseCalendarDate },
};

/**
 * Validates a check with the domain's own parsers, field by field, and refuses unknown fields
 * (My Number among them). Checks are the hottest route: this skips the class-transformer round
 * trip of the global ValidationPipe, with the same problem+json answer (`errors`, one per field).
 */
@Injectable()
export class EligibilityRequestPipe implements PipeTransform<unknown, EligibilityRequest> {
  transform(body: unknown): EligibilityRequest {
    if (!isRecord(body)) throw new BadRequestException(['the body must be a JSON object']);
    const given = body;
    const errors = Object.keys(given)
      .filter((key) => !Object.hasOwn(fields, key))
      .map(unknownFieldError);
    const request: Record<string, unknown> = {};
    for (const [name, { parse, optional }] of Object.entries(fields)) {
      const raw = given[name];
      if (raw === undefined && optional) continue;
      const parsed = parse(raw);
      if (parsed.ok) request[name] = parsed.value;
      else errors.push(parserRefusal(name, raw, parsed.reason));
    }
    if (errors.length > 0) throw new BadRequestException(errors);
    return request as unknown as EligibilityRequest;
  }
}
