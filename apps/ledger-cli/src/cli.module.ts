import { Module } from '@nestjs/common';
import { PolicyCommand } from './policy.command';

@Module({ providers: [PolicyCommand] })
export class CliModule {}
