import { type CommandOutcome } from '@ledger/ledger';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class WrittenEvent {
  @ApiProperty({ example: '0b6f3c7e-2d1a-5e8f-9a4b-6c7d8e9f0a1b' })
  readonly id!: string;

  @ApiProperty({ example: 'QualificationAcquired' })
  readonly type!: string;

  @ApiProperty({ example: 0, description: 'Position in the person stream' })
  readonly revision!: number;

  @ApiProperty({ example: 1234, description: 'Global position in the log' })
  readonly position!: number;

  @ApiProperty({ example: '2026-11-23T08:30:00.000Z' })
  readonly recordedAt!: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { acquiredOn: '2025-04-01', burdenRatio: 30 } })
  readonly data!: unknown;
}

/** What a command wrote; a repeat of the same Idempotency-Key and body answers the same. */
export class CommandAnswer {
  @ApiProperty({ type: [WrittenEvent] })
  readonly events!: WrittenEvent[];

  @ApiProperty({ example: 0, description: 'The stream revision after the command: the next If-Match' })
  readonly revision!: number;

  @ApiProperty({ example: 1234, description: 'Global position, also in the Ledger-Position header' })
  readonly position!: number;

  @ApiPropertyOptional({ example: '3f1c2b4a-9d8e-5f7a-8b6c-1d2e3f4a5b6c', description: 'The document issued' })
  readonly documentId?: string;
}

export function toAnswer({ events, revision, position }: CommandOutcome): CommandAnswer {
  const issued = events.find((event) => event.type === 'DocumentIssued')?.data as { documentId?: string } | undefined;
  return {
    events: events.map(({ id, type, revision, position, recordedAt, data }) => ({
      id,
      type,
      revision,
      position,
      recordedAt,
      data,
    })),
    revision,
    position,
    ...(issued?.documentId !== undefined && { documentId: issued.documentId }),
  };
}
