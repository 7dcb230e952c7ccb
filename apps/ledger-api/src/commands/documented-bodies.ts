import { commandCatalogue, type CommandName, exampleBodies } from '@ledger/ledger';
import { ApiProperty } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

/** Words for the fields whose name and values do not say enough, the same under every command that has them. */
const descriptions: Readonly<Record<string, string>> = {
  carriedRegistration:
    'The card registration the previous insurer reports for a person moving in (R37); absent for a person without one. ' +
    'A person enrolled with `registered` needs no card-registration command here (a second one is refused, R36)',
  filedWith:
    'The insurer the person filed the restriction with, when the insurer system records it: one filed with another ' +
    'insurer does not carry over and is refused (R32, RESTRICTION_FILED_ELSEWHERE). The insurer of the path when absent; not kept in the event',
  validUntil:
    'The last day the document is valid, not before validFrom. Required for an eligibility certificate (R26, ' +
    'VALIDITY_MISSING), and then at most the years the insurer sets (certificateMaxValidityYears, up to 5) after validFrom',
};

/**
 * The body classes live in libs/ledger without Nest; their OpenAPI schema is derived here from the
 * class-validator rules (required, enums) and the catalogue's example bodies, so it cannot drift from validation.
 */
function documentBody(name: CommandName): void {
  const body = commandCatalogue[name].body;
  const rules = getMetadataStorage().getTargetValidationMetadatas(body, '', true, false);
  for (const property of new Set(rules.map((rule) => rule.propertyName))) {
    const own = rules.filter((rule) => rule.propertyName === property);
    const optional = own.some((rule) => rule.type === 'conditionalValidation');
    const values = own.find((rule) => rule.name === 'isIn')?.constraints[0] as unknown[] | undefined;
    const example = exampleBodies[name][property];
    ApiProperty({
      required: !optional,
      example,
      ...(descriptions[property] !== undefined && { description: descriptions[property] }),
      type: typeof example === 'number' ? Number : typeof example === 'boolean' ? Boolean : String,
      ...(values && { enum: values }),
    })(body.prototype, property);
  }
}

for (const name of Object.keys(commandCatalogue) as CommandName[]) documentBody(name);
