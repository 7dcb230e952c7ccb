import { Module } from '@nestjs/common';
import { AuditCommand, AuditExportCommand } from './audit/audit.command';
import { GenerateCommand } from './generate.command';
import { ImportCommand } from './import/import.command';
import { KeysCommand, KeysCreateCommand, KeysListCommand, KeysRevokeCommand } from './keys/keys.command';
import { MigrateCommand } from './migrate.command';
import { PolicyCommand } from './policy.command';
import { RebuildCommand } from './rebuild.command';
import { RepeatedOptionsBootstrap } from './repeated-options.bootstrap';
import { ReplayCommand } from './replay.command';
import { StatsCommand } from './stats.command';
import { UpgradeLogCommand } from './upgrade-log.command';
import { VerifyCommand } from './verify.command';

@Module({
  providers: [
    PolicyCommand,
    GenerateCommand,
    VerifyCommand,
    ReplayCommand,
    AuditCommand,
    AuditExportCommand,
    RebuildCommand,
    StatsCommand,
    MigrateCommand,
    UpgradeLogCommand,
    ImportCommand,
    KeysCommand,
    KeysCreateCommand,
    KeysListCommand,
    KeysRevokeCommand,
    RepeatedOptionsBootstrap,
  ],
})
export class CliModule {}
