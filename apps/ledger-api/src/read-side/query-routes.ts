import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ReadAnswers } from './documented-answers';
import { MinPositionInterceptor } from './min-position.interceptor';
import { UndeclaredQueryInterceptor } from './undeclared-query.interceptor';

/**
 * What every query controller is: a parameter it does not take is refused (400), Ledger-Min-Position
 * is waited for, and both are documented with its other answers.
 */
export const QueryRoutes = (forbidden: string) =>
  applyDecorators(ReadAnswers(forbidden), UseInterceptors(UndeclaredQueryInterceptor, MinPositionInterceptor));
