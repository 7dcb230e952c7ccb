import { applyDecorators, UseGuards } from '@nestjs/common';
import { ReadAnswers } from './documented-answers';
import { MinPositionGuard } from './min-position.guard';
import { UndeclaredQueryGuard } from './undeclared-query.guard';

/**
 * What every query controller is: a parameter it does not take is refused (400), Ledger-Min-Position
 * is waited for, and both are documented with its other answers.
 */
export const QueryRoutes = (forbidden: string) =>
  applyDecorators(ReadAnswers(forbidden), UseGuards(UndeclaredQueryGuard, MinPositionGuard));
