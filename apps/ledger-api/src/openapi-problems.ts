import { type OpenAPIObject, type OperationObject, type SchemaObject } from '@nestjs/swagger';
import { maxJsonBodyBytes, maxPathParameterLength } from './problem-details/problems';

const problemDetails: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details: every answer of status 400 and above',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'Unprocessable Entity' },
    status: { type: 'integer', example: 422 },
    detail: { type: 'string', example: 'no legacy card is issued or reissued on or after 2024-12-02' },
    instance: { type: 'string', example: '/v1/insurers/123455/persons/P-000123/documents' },
    errors: {
      type: 'array',
      items: { type: 'string' },
      description:
        'What a validation found wrong, one entry per fault (a field may have two). One about a field is written `field: reason`: the body field, path or query parameter or header it names, a colon, then what is wrong; one about the whole body or line (`the body must be a JSON object`) names no field',
      example: ['acquiredOn: must be a date written YYYY-MM-DD'],
    },
    rule: { type: 'string', description: 'The rule of DOMAIN.md that refused a command', example: 'R10' },
    code: { type: 'string', description: 'A stable code a client may branch on', example: 'LEGACY_CARD_AFTER_CUTOVER' },
  },
};

const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };

/** Answers Fastify gives before a route runs: declared where they can happen, so that a client expects them. */
const bodyAnswers = {
  '413': { description: `The body is over ${maxJsonBodyBytes / 1024 ** 2} MiB (problem+json)` },
  '415': { description: 'The body is not application/json (problem+json)' },
};
const pathAnswers = {
  '414': { description: `A path parameter is over ${maxPathParameterLength} characters (problem+json)` },
};

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

const takesJson = (operation: OperationObject): boolean =>
  operation.requestBody !== undefined &&
  'content' in operation.requestBody &&
  'application/json' in operation.requestBody.content;

const hasPathParameters = (operation: OperationObject): boolean =>
  (operation.parameters ?? []).some((parameter) => 'in' in parameter && parameter.in === 'path');

/**
 * Every refusal is problem+json (RFC 9457), answered by one filter: described once as a schema and
 * given to every 4xx and 5xx answer of the document, with the 413, 414 and 415 that Fastify answers
 * for every route taking a JSON body or a path parameter, which no route's decorators name.
 */
export function withProblemAnswers(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ProblemDetails: problemDetails },
  };
  for (const path of Object.values(document.paths)) {
    for (const method of methods) {
      const operation = path[method];
      if (!operation) continue;
      operation.responses = {
        ...operation.responses,
        ...(takesJson(operation) && bodyAnswers),
        ...(hasPathParameters(operation) && pathAnswers),
      };
      for (const [status, answer] of Object.entries(operation.responses)) {
        if (answer === undefined || Number(status) < 400 || '$ref' in answer || answer.content) continue;
        operation.responses[status] = { ...answer, content: problemContent };
      }
    }
  }
  return document;
}
