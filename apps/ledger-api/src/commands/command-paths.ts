import { BadRequestException, Param, type PipeTransform } from '@nestjs/common';
import { parseDocumentId, parseInsurerNumber, parsePersonId, type Parsed } from '@ledger/domain';
import { naming } from '@ledger/ledger';
import { ApiParam } from '@nestjs/swagger';
import { type CommandPath } from './command-endpoint';

const parsers: Readonly<Record<string, (raw: unknown) => Parsed<unknown>>> = {
  insurerNumber: parseInsurerNumber,
  personId: parsePersonId,
  documentId: parseDocumentId,
};

/** The path's identifiers through the domain's parsers (check digits), each problem naming its parameter. */
class CommandPathPipe implements PipeTransform<Record<string, string>, CommandPath> {
  transform(params: Record<string, string>): CommandPath {
    const errors = Object.entries(params).flatMap(([name, value]) => {
      const parsed = parsers[name]?.(value);
      return parsed && !parsed.ok ? [naming(name, parsed.reason)] : [];
    });
    if (errors.length > 0) throw new BadRequestException(errors);
    return params as unknown as CommandPath;
  }
}

export const CommandPathParams = () => Param(new CommandPathPipe());

/** The path parameters in the OpenAPI document, with examples. */
export const documentPathParams = (path: string): MethodDecorator[] => [
  ApiParam({
    name: 'insurerNumber',
    type: String,
    example: '123455',
    description: '保険者番号, 6 or 8 digits with its check digit',
  }),
  ApiParam({
    name: 'personId',
    type: String,
    example: 'P-000123',
    description: "The insurer's own id for the person: 1-64 of A-Za-z0-9_-, never a My Number",
  }),
  ...(path.includes(':documentId') ? [ApiParam({ name: 'documentId', type: String, example: 'doc-2025-0001' })] : []),
];
