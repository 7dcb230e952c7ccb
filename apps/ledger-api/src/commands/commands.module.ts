import { Module } from '@nestjs/common';
import { type LedgerPolicy } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';
import { CommandHandler } from '@ledger/ledger';
import { LEDGER_POLICY } from '../configuration/policy';
import { EVENT_STORE } from '../event-store/event-store.module';
import { COMMAND_HANDLER, CommandEndpoint } from './command-endpoint';
import { DocumentCommandsController } from './document-commands.controller';
import { PersonCommandsController } from './person-commands.controller';

/** The command routes under /v1/insurers/{insurerNumber}/persons/{personId}; the batch module shares the handler. */
@Module({
  providers: [
    {
      provide: COMMAND_HANDLER,
      inject: [EVENT_STORE, LEDGER_POLICY],
      useFactory: (store: EventStore, policy: LedgerPolicy) => new CommandHandler(store, policy),
    },
    CommandEndpoint,
  ],
  controllers: [PersonCommandsController, DocumentCommandsController],
  exports: [COMMAND_HANDLER],
})
export class CommandsModule {}
