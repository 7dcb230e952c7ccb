import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type Command } from 'commander';
import { InjectCommander } from 'nest-commander';
import { repeatableKeyOptions } from './keys/keys.command';
import { refuseRepeatedOptions } from './repeated-options';

/** Once nest-commander has built every command (its `onModuleInit`), before it parses the arguments. */
@Injectable()
export class RepeatedOptionsBootstrap implements OnApplicationBootstrap {
  constructor(@InjectCommander() private readonly program: Command) {}

  onApplicationBootstrap(): void {
    refuseRepeatedOptions(this.program, new Set(repeatableKeyOptions.map((flag) => `keys create ${flag}`)));
  }
}
