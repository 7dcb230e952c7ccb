import { type INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { withProblemAnswers } from './openapi-problems';
import { packageVersion } from './package-version';

/** The OpenAPI document at /docs-json and its UI at /docs. */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Qualification ledger API')
    .setDescription('Event-sourced ledger of health-insurance qualifications for Japanese public insurers.')
    .setVersion(packageVersion)
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key or JWT',
      description:
        "An API key, or where LEDGER_JWKS_URL is set a JWT of the insurer's identity provider (claims role, insurers, medicalInstitutions): Authorization: Bearer <key or token>",
    })
    .build();
  SwaggerModule.setup('docs', app, () => withProblemAnswers(SwaggerModule.createDocument(app, config)), {
    jsonDocumentUrl: 'docs-json',
  });
}
