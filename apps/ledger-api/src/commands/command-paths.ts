import {
  type DocumentId,
  type InsurerNumber,
  parseDocumentId,
  parseInsurerNumber,
  parsePersonId,
  type PersonId,
} from '@ledger/domain';
import { Satisfies } from '@ledger/ledger';
import { ApiProperty } from '@nestjs/swagger';

export class PersonPath {
  @ApiProperty({ example: '123455', description: '保険者番号, 6 or 8 digits with its check digit' })
  @Satisfies(parseInsurerNumber)
  readonly insurerNumber!: InsurerNumber;

  @ApiProperty({ example: 'P-000123', description: "The insurer's own id for the person: 1-64 of A-Za-z0-9_-" })
  @Satisfies(parsePersonId)
  readonly personId!: PersonId;
}

export class DocumentPath extends PersonPath {
  @ApiProperty({ example: 'doc-2025-0001' })
  @Satisfies(parseDocumentId)
  readonly documentId!: DocumentId;
}
