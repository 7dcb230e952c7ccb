import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { Allow, CurrentPrincipal, type Principal, viewFor } from '@ledger/access';
import { accessRecordTypes } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';
import {
  type AuditEntry,
  auditPagesOfPeriod,
  type LiveReadModels,
  readModelsProjector,
  restrictionEverFiled,
} from '@ledger/projections';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { sendStreamed } from '../logging/request-logs';
import { EVENT_STORE } from '../event-store/event-store.module';
import { LIVE_READ_MODELS } from '../projections/projections.module';
import { QueryRoutes } from '../read-side/query-routes';
import { insurerNumberParameter, recordedPeriodParameters } from '../read-side/parameters';
import { auditEntryExample, unmatchedCheckAuditEntryExample } from './answer-examples';

@ApiTags('queries')
@ApiSecurity('bearer')
@QueryRoutes('Not an auditor key')
@Allow('auditor')
@Controller('v1/audit')
export class AuditExportController {
  constructor(
    @Inject(LIVE_READ_MODELS) private readonly readModels: LiveReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get()
  @ApiOperation({
    summary: "An insurer's audit trail for a period of recorded time, as NDJSON (auditor)",
    description:
      'Every event of the insurer’s persons, and the insurer’s records kept in no person’s stream, with `personId: null`: checks that found nobody under the numbers (naming the insurer asked about) and restricted-data exports (`RestrictedDataExported`). The access history (`EligibilityChecked`, `PersonLookedUp`) of a person who ever had a viewing restriction filed is left out (R31), as `ledger audit export` leaves it out unless a reason is recorded: the person’s audit trail, a recorded read, shows it. Streamed page by page with back-pressure: memory stays bounded whatever the period. A date bound is a Japanese day: `from` its start, `to` its end. 400 naming the parameter for a bound that is not a date or instant, lies outside years 0000-9999 (UTC), or a period that is empty (`to` before `from`).',
  })
  @ApiProduces('application/x-ndjson')
  @ApiQuery({ name: 'insurerNumber', example: '123455' })
  @ApiQuery({ name: 'from', example: '2025-01-01' })
  @ApiQuery({ name: 'to', example: '2025-01-31' })
  @ApiOkResponse({
    description:
      'One audit entry per line, in recorded order, as in the person audit trail; the insurer’s records in no person’s stream have `personId: null`',
    content: {
      'application/x-ndjson': {
        schema: { type: 'string' },
        example: [auditEntryExample, unmatchedCheckAuditEntryExample]
          .map((entry) => `${JSON.stringify(entry)}\n`)
          .join(''),
      },
    },
  })
  export(
    @CurrentPrincipal() principal: Principal,
    @Res() reply: FastifyReply,
    @Query('insurerNumber') insurerNumber?: string,
    @Query('from') from?: string,
    @Query('to') to?: string,
  ): FastifyReply {
    const insurer = insurerNumberParameter(insurerNumber);
    const [start, end] = recordedPeriodParameters(from, to);
    const pages = auditPagesOfPeriod(this.readModels, insurer, start, end)[Symbol.iterator]();
    const subject = { insurerNumber: insurer, restricted: false };
    const everRestricted = (stream: string) =>
      restrictionEverFiled(this.store, this.readModels.db, stream, readModelsProjector);
    // A page whose every entry is left out gives nothing: an empty chunk would not ask for the next.
    const nextLines = async (): Promise<string | null> => {
      for (let page = pages.next(); !page.done; page = pages.next()) {
        const shown = await exportedEntries(everRestricted, page.value);
        if (shown.length > 0)
          return shown.map((entry) => `${JSON.stringify(viewFor(principal, subject, entry))}\n`).join('');
      }
      return null;
    };
    // Each page is read only when the client has taken the previous one (Readable's back-pressure).
    const lines = new Readable({
      read() {
        void nextLines().then(
          (text) => this.push(text),
          (error: unknown) => this.destroy(error as Error),
        );
      },
    });
    return sendStreamed(reply.header('content-type', 'application/x-ndjson; charset=utf-8'), lines);
  }
}

/**
 * R31 in an export, which leaves the ledger unrecorded: the access history of a person who ever had
 * a viewing restriction filed is left out (as the log says now: the read models may not have applied
 * the filing yet), as `ledger audit export` leaves it out without
 * `--include-restricted --reason`, which records why. The person's audit trail, a recorded read, shows it.
 */
async function exportedEntries(
  everRestricted: (stream: string) => Promise<boolean>,
  page: readonly AuditEntry[],
): Promise<AuditEntry[]> {
  // Asked once per person of the page: memory stays bounded whatever the period.
  const restricted = new Map<string, boolean>();
  for (const { personId, type, stream } of page) {
    if (personId !== null && accessRecordTypes.has(type) && !restricted.has(stream)) {
      restricted.set(stream, await everRestricted(stream));
    }
  }
  return page.filter((entry) => restricted.get(entry.stream) !== true || !accessRecordTypes.has(entry.type));
}
