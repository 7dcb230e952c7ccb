import { Option } from 'nest-commander';
import { LedgerCommand } from './ledger-command';
import { type LedgerLocation, ledgerLocation } from './ledger-location';

export interface DataDirectoryOption {
  readonly dataDir?: string;
}

/** A command that works on a ledger: `--data-dir`, else LEDGER_DATA_DIR, LEDGER_STORE, EVENTSTORE_CONNECTION_STRING. */
export abstract class LedgerDataCommand extends LedgerCommand {
  location(options: DataDirectoryOption): LedgerLocation {
    return ledgerLocation(options.dataDir);
  }

  @Option({
    flags: '--data-dir <path>',
    description: 'directory of the embedded ledger (events.db, read-models.db); default LEDGER_DATA_DIR or ./data',
  })
  parseDataDir(value: string): string {
    return value;
  }
}
