import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Module, Controller, Get } from '@nestjs/common';
import { defaultPolicy } from '@ledger/domain';

@Controller()
class HealthController {
  @Get('health')
  health() {
    return { status: 'ok', cutover: defaultPolicy.cutover };
  }
}

@Module({ controllers: [HealthController] })
class AppModule {}

async function main() {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, new FastifyAdapter());
  await app.listen(Number(process.env.PORT ?? 3000), '0.0.0.0');
}
void main();
