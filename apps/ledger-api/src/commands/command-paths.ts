import { ApiParam } from '@nestjs/swagger';

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
