import { defaultPolicy, type LedgerPolicy } from '../policy';
import { type InsuredPersonCommand } from './commands';
import { correctQualificationAcquired, correctQualificationLost } from './decide-correction';
import { deliverDocument, reportDocumentLost, returnDocument, revokeDocument } from './decide-document-lifecycle';
import { issueDocument } from './decide-documents';
import { recordEligibilityCheck } from './decide-eligibility-check';
import { endCareNeeds, fileViewingRestriction, liftViewingRestriction, recognizeCareNeeds } from './decide-protection';
import { acquireQualification, changeQualificationDetails, loseQualification } from './decide-qualification';
import { cancelRegistration, registerCard, requestRegistrationCancellation } from './decide-registration';
import { type InsuredPersonEvent } from './events';
import { evolve, initialState, type InsuredPersonState } from './state';

/** The events a command produces on a person's stream, or a DomainError naming the rule that refuses it. */
export function decide(
  command: InsuredPersonCommand,
  state: InsuredPersonState,
  policy: LedgerPolicy = defaultPolicy,
): InsuredPersonEvent[] {
  switch (command.type) {
    case 'AcquireQualification':
      return acquireQualification(command, state);
    case 'CorrectQualificationAcquired':
      return correctQualificationAcquired(command, state);
    case 'LoseQualification':
      return loseQualification(command, state, policy);
    case 'CorrectQualificationLost':
      return correctQualificationLost(command, state, policy);
    case 'ChangeQualificationDetails':
      return changeQualificationDetails(command, state, policy);
    case 'RegisterCard':
      return registerCard(command, state, policy);
    case 'RequestRegistrationCancellation':
      return requestRegistrationCancellation(command, state);
    case 'CancelRegistration':
      return cancelRegistration(command, state, policy);
    case 'FileViewingRestriction':
      return fileViewingRestriction(command, state);
    case 'LiftViewingRestriction':
      return liftViewingRestriction(command, state, policy);
    case 'RecognizeCareNeeds':
      return recognizeCareNeeds(command, state);
    case 'EndCareNeeds':
      return endCareNeeds(command, state);
    case 'IssueDocument':
      return issueDocument(command, state, policy);
    case 'DeliverDocument':
      return deliverDocument(command, state);
    case 'ReturnDocument':
      return returnDocument(command, state);
    case 'ReportDocumentLost':
      return reportDocumentLost(command, state);
    case 'RevokeDocument':
      return revokeDocument(command, state);
    case 'RecordEligibilityCheck':
      return recordEligibilityCheck(command, state);
    default: {
      const unhandled: never = command;
      return unhandled;
    }
  }
}

export interface Decider<Command, Event, State> {
  readonly initialState: State;
  readonly evolve: (state: State, event: Event) => State;
  readonly decide: (command: Command, state: State) => Event[];
}

/** The person's decider with an insurer's policy bound in. */
export const insuredPersonDecider = (
  policy: LedgerPolicy = defaultPolicy,
): Decider<InsuredPersonCommand, InsuredPersonEvent, InsuredPersonState> => ({
  initialState,
  evolve,
  decide: (command, state) => decide(command, state, policy),
});

export const foldEvents = (events: readonly InsuredPersonEvent[]): InsuredPersonState =>
  events.reduce(evolve, initialState);
