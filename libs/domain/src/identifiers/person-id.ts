import { type Brand } from '../shared/brand';
import { parseLocalId } from './local-id';

/** The insurer's own id for a person; it names the person's stream. */
export type PersonId = Brand<string, 'PersonId'>;

export const parsePersonId = parseLocalId<PersonId>('personId');
