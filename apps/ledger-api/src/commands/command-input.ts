import { BadRequestException, createParamDecorator, type ExecutionContext, type PipeTransform } from '@nestjs/common';
import { parseDocumentId, parseInsurerNumber, parsePersonId, type Parsed } from '@ledger/domain';
import { type CommandName, naming, parseCommandBody } from '@ledger/ledger';
import { type FastifyRequest } from 'fastify';
import { type CommandPath } from './command-endpoint';

/** A command's path and body, as the route handler gets them once both are valid. */
export interface CommandPathAndBody {
  readonly path: CommandPath;
  readonly body: Record<string, unknown>;
}

interface RawInput {
  readonly params: unknown;
  readonly body: unknown;
}

const pathParsers: Readonly<Record<string, (raw: unknown) => Parsed<unknown>>> = {
  insurerNumber: parseInsurerNumber,
  personId: parsePersonId,
  documentId: parseDocumentId,
};

/**
 * The path's identifiers through the domain's parsers (check digits) and the body through the
 * catalogue's compiled rules (the same rules and messages as a batch line), in one step: a request
 * wrong in both is told every error at once, not the body's first and the path's after a fix.
 */
class CommandInputPipe implements PipeTransform<RawInput, CommandPathAndBody> {
  constructor(private readonly name: CommandName) {}

  transform({ params, body }: RawInput): CommandPathAndBody {
    const path = params as Record<string, string>;
    const pathErrors = Object.entries(path).flatMap(([name, value]) => {
      const parsed = pathParsers[name]?.(value);
      return parsed && !parsed.ok ? [naming(name, parsed.reason)] : [];
    });
    const parsed = parseCommandBody(this.name, body);
    if (pathErrors.length > 0 || !parsed.ok) {
      throw new BadRequestException([...pathErrors, ...(parsed.ok ? [] : parsed.errors)]);
    }
    return { path: path as unknown as CommandPath, body: parsed.body };
  }
}

const pathAndBody = createParamDecorator((_: unknown, context: ExecutionContext): RawInput => {
  const { params, body } = context.switchToHttp().getRequest<FastifyRequest>();
  return { params, body };
});

export const CommandInput = (name: CommandName) => pathAndBody(new CommandInputPipe(name));
