import { Module } from '@nestjs/common';
import { GenerateCommand } from './generate.command';
import { PolicyCommand } from './policy.command';

@Module({ providers: [PolicyCommand, GenerateCommand] })
export class CliModule {}
