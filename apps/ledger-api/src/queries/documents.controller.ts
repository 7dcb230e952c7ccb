import { Controller, Get, Param, Query } from '@nestjs/common';
import { Allow, CurrentPrincipal, type Principal } from '@ledger/access';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { QueryRoutes } from '../read-side/query-routes';
import { dateParameter, documentIdParameter } from '../read-side/parameters';
import { documentExample } from './answer-examples';
import { PersonReads } from './person-reads';

@ApiTags('queries')
@ApiSecurity('bearer')
@QueryRoutes('Not an insurer-clerk or auditor key')
@ApiNotFoundResponse({
  description:
    "No such document within the key's scope, or one not issued yet by the date asked (`on`); the latter records the lookup of its holder (R40) (problem+json)",
})
@Allow('insurer-clerk', 'auditor')
@Controller('v1/documents')
export class DocumentsController {
  constructor(private readonly reads: PersonReads) {}

  @Get(':documentId')
  @ApiOperation({
    summary: 'One document with its state on a date; 404 for one only other insurers hold, as for an unknown id',
  })
  @ApiQuery({ name: 'on', required: false, example: '2025-06-01' })
  @ApiOkResponse({
    description: 'The document, its holder and its state on the date',
    schema: { example: documentExample },
  })
  @ApiConflictResponse({
    description:
      "Several persons within the key's scope hold this id, named in `detail` (problem+json, code DOCUMENT_ID_AMBIGUOUS)",
  })
  document(
    @CurrentPrincipal() principal: Principal,
    @Param('documentId') documentId: string,
    @Query('on') on?: string,
  ) {
    return this.reads.document(principal, documentIdParameter(documentId), dateParameter(on, 'on'));
  }
}
