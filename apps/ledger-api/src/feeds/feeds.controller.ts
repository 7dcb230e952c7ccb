import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  Inject,
  NotFoundException,
  type OnModuleDestroy,
  Param,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { Allow, credentialUsable, CurrentPrincipal, type KeyStore, type Principal } from '@ledger/access';
import { type EventStore, resumePosition } from '@ledger/event-store';
import {
  type LiveReadModels,
  type LiveProjector,
  readModelsProjector,
  restrictionEverFiled,
} from '@ledger/projections';
import {
  ApiBadRequestResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { KEY_STORE } from '../access/key-store.provider';
import { AccessAnswers } from '../read-side/documented-answers';
import { type FastifyReply } from 'fastify';
import { type ReadConfiguration } from '../configuration/read-configuration';
import { EVENT_STORE } from '../event-store/event-store.module';
import { LIVE_READ_MODELS, PROJECTOR } from '../projections/projections.module';
import { logRequestEnd, takeOverRequestLine } from '../logging/request-logs';
import { positionParameter } from '../read-side/parameters';
import { READ_CONFIGURATION } from '../read-side/tokens';
import { UndeclaredQueryGuard } from '../read-side/undeclared-query.guard';
import { type FeedName, feedNames } from './feed-items';
import { feedExample } from '../queries/answer-examples';
import { FeedSession } from './feed-session';
import { OpenFeeds } from './open-feeds';

@ApiTags('feeds')
@ApiSecurity('bearer')
@Allow('subscriber', 'auditor')
@AccessAnswers('Not a subscriber or auditor key')
@UseGuards(UndeclaredQueryGuard)
@Controller('v1/feeds')
export class FeedsController implements OnModuleDestroy {
  private readonly open = new OpenFeeds();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTOR) private readonly projector: LiveProjector,
    @Inject(READ_CONFIGURATION) private readonly configuration: ReadConfiguration,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(LIVE_READ_MODELS) private readonly readModels: LiveReadModels,
  ) {}

  @Get(':feed')
  @ApiOperation({
    summary: 'Server-Sent Events of read-model changes; the SSE id is the global position',
    description:
      'Each change’s SSE `id:` is its global position and its data’s `id` the event’s id, which a correction names (`correctedEventId`); the documents feed also carries `QualificationLost` and `QualificationLostCorrected`, which moves the revocations a loss brought (`reason: qualification-lost`) to its date. Send `Last-Event-ID` (or `?after=`) to resume after the last change received, without gaps. Comments `: heartbeat` keep idle connections open. Subscribers get minimized data (no names, addresses, birth dates, household, applicants or document occasion, no reason for a loss or a revocation but `qualification-lost`) and, on every feed, no access records, no `ViewingRestrictionFiled`/`Lifted` or `CareNeedsRecognized`/`Ended` events, so nothing about a restriction can be inferred (R30, R31, R33), and no details change of personal details only nor `QualificationDetailsConfirmed`, which would tell of a move; auditors get everything but My Number and, for a person who ever had a viewing restriction filed (lifted since or not), the address and the access records, which a feed carries to no one: they are read through the person’s audit trail, where the read is recorded (R31, R40); on the audit feed auditors also get the insurer’s records kept in no person’s stream (`personId: null`: checks that found nobody under the numbers, `RestrictedDataExported`).',
  })
  @ApiParam({ name: 'feed', enum: feedNames })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this global position' })
  @ApiQuery({
    name: 'after',
    required: false,
    type: String,
    example: '41',
    description: 'Same as Last-Event-ID, for clients that cannot set headers',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'An open stream: each change as an SSE event whose id is its global position, heartbeats while idle',
    content: { 'text/event-stream': { schema: { type: 'string' }, example: feedExample } },
  })
  @ApiBadRequestResponse({
    description:
      'Last-Event-ID or `after` is not a global position, is after the head of the log, or names no event of it (problem+json)',
  })
  @ApiNotFoundResponse({ description: 'No such feed (problem+json)' })
  async follow(
    @CurrentPrincipal() principal: Principal,
    @Param('feed') feed: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('after') after: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    if (!(feedNames as readonly string[]).includes(feed)) {
      throw new NotFoundException(`no feed ${feed}; feeds are ${feedNames.join(', ')}`);
    }
    const from = positionParameter(lastEventId, 'Last-Event-ID') ?? positionParameter(after, 'after') ?? 0;
    // Refused here, the client hears why; a session that failed its first read would end, and the
    // client would reconnect with the same position for ever.
    const verdict = await resumePosition(this.store, from);
    if (!verdict.ok) {
      const name = lastEventId === undefined || lastEventId === '' ? 'after' : 'Last-Event-ID';
      throw new BadRequestException([
        verdict.reason === 'after-head'
          ? `${name}: position ${from} is after the head of the log (${verdict.head})`
          : `${name}: no event of this log is at position ${from}`,
      ]);
    }
    const session = new FeedSession(this.store, this.projector, {
      feed: feed as FeedName,
      principal,
      after: from,
      heartbeatMs: this.configuration.LEDGER_FEED_HEARTBEAT_MS,
      keyUsable: () => credentialUsable(principal, (keyId) => this.keys.isUsable(keyId)),
      ...(principal.expiresAt !== undefined && { endsAt: principal.expiresAt }),
      // The read models may not have applied a filing yet that protects an event the session sends.
      isRestricted: (stream) => restrictionEverFiled(this.store, this.readModels.db, stream, readModelsProjector),
    });
    // The reply is written by hand: Nest's @Sse has no Last-Event-ID and no back-pressure.
    // Taken now: once the client has gone, the request no longer knows its address.
    const asked = takeOverRequestLine(reply.request);
    reply.hijack();
    this.open.add(
      session,
      session.run(reply.raw).then(
        () => logRequestEnd(asked, reply),
        (error: unknown) => logRequestEnd(asked, reply, { error: error as Error }),
      ),
    );
  }

  /** Ends the open feeds at shutdown, and any opened until the server stops taking requests. */
  onModuleDestroy(): void {
    this.open.closeAll();
  }
}
