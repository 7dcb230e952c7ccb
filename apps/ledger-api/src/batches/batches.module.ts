import { Module } from '@nestjs/common';
import { CommandsModule } from '../commands/commands.module';
import { BatchesController } from './batches.controller';

/** POST /v1/batches: NDJSON commands through the same handler as the command routes. */
@Module({ imports: [CommandsModule], controllers: [BatchesController] })
export class BatchesModule {}
