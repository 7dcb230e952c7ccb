import { Body, Controller, ForbiddenException, HttpCode, Post, UseGuards } from '@nestjs/common';
import { Allow, CurrentPrincipal, mayCheckAs, type Principal } from '@ledger/access';
import { nationalBurdenRatio } from '@ledger/domain';
import { exampleEnrolment } from '@ledger/ledger';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AccessAnswers, minPositionHeader, minPositionNotReached } from '../read-side/documented-answers';
import { MinPositionGuard } from '../read-side/min-position.guard';
import { UndeclaredQueryGuard } from '../read-side/undeclared-query.guard';
import { EligibilityCheckRequest } from './eligibility-check.dto';
import { EligibilityChecks } from './eligibility-checks';
import { type EligibilityRequest, EligibilityRequestPipe } from './eligibility-request.pipe';

/** The person of the command examples (enrolment to the delivered certificate), under the insurer of their path. */
const insurerNumber = '123455';
const { symbol, number, branch, birthDate, relationship, name, nameKana, sex, acquiredOn } = exampleEnrolment;

/** That person, as a clinic asks for them. */
const asked = (method: 'numbers' | 'card', confirmationDate: string) => ({
  medicalInstitutionCode: '0110113719',
  confirmationDate,
  method,
  insurerNumber,
  symbol,
  number,
  branch,
  birthDate,
});

/** What a check answers of that person. */
const answered = {
  insurerNumber,
  symbol,
  number,
  branch,
  relationship,
  name,
  nameKana,
  birthDate,
  sex,
  burdenRatio: nationalBurdenRatio(exampleEnrolment.burdenRatio),
  acquiredOn,
};

@ApiTags('eligibility')
@ApiSecurity('bearer')
@Allow('medical-institution')
@AccessAnswers(
  'Not a medical-institution key, or a key naming its institutions and a `medicalInstitutionCode` not among them (nothing recorded)',
)
@ApiBadRequestResponse({
  description:
    'A wrong or missing field, a malformed Ledger-Min-Position or one after the head of the log, named in `errors` (problem+json)',
})
@ApiHeader(minPositionHeader)
@ApiServiceUnavailableResponse(minPositionNotReached)
// A person enrolled or renumbered a moment ago is found once the read models have the write: a client may wait for it.
@UseGuards(UndeclaredQueryGuard, MinPositionGuard)
@Controller('v1/eligibility-checks')
export class EligibilityController {
  constructor(private readonly checks: EligibilityChecks) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Online eligibility check (DOMAIN.md §7): validity 1 valid, 2 invalid, 3 newer exists, 4 none, 5 several',
    description:
      'By card only for a person with an active registration and no viewing restriction (R30); otherwise `cardUsable: false` with one reason for both, so a restriction is not revealed (R31). Every check is recorded as EligibilityChecked (R40), under the `medicalInstitutionCode` asked: a key naming its institutions may ask only as one of them.',
  })
  @ApiOkResponse({
    description:
      'The answer: with validity 1, 2 or 3 the qualification found (`lostOn` once it ended; `nameKana`, `sex`, `symbol`, `branch` when recorded); with 4 or 5 nothing more. By card, a person whose card cannot be used answers 4 with `cardUsable: false` and `reason`, though the person may be covered',
    content: {
      'application/json': {
        schema: { type: 'object' },
        examples: {
          valid: {
            value: {
              validity: 1,
              confirmationDate: '2025-06-01',
              method: 'numbers',
              ...answered,
            },
          },
          lost: {
            value: {
              validity: 2,
              confirmationDate: '2026-05-01',
              method: 'numbers',
              ...answered,
              lostOn: '2026-03-31',
            },
          },
          cardNotUsable: {
            value: {
              validity: 4,
              confirmationDate: '2025-08-15',
              method: 'card',
              cardUsable: false,
              reason: 'not-available',
              detail: 'The card cannot be used for insurance for this person; ask for the eligibility certificate.',
            },
          },
        },
      },
    },
  })
  @ApiBody({
    type: EligibilityCheckRequest,
    examples: {
      numbers: { summary: 'By the numbers on a certificate', value: asked('numbers', '2025-06-01') },
      card: {
        summary: 'By the My Number Card, its numbers as the card reader gives them',
        value: asked('card', '2025-08-15'),
      },
    },
  })
  check(@CurrentPrincipal() principal: Principal, @Body(EligibilityRequestPipe) request: EligibilityRequest) {
    const { medicalInstitutionCode } = request;
    if (!mayCheckAs(principal, medicalInstitutionCode)) {
      throw new ForbiddenException([
        `medicalInstitutionCode: this key does not check as medical institution ${medicalInstitutionCode}`,
      ]);
    }
    return this.checks.check(principal, request);
  }
}
