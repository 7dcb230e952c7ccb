import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Principal } from './principal';
import { type Role } from './role';

export const ALLOWED_ROLES = 'ledger:allowed-roles';
export const PUBLIC_ROUTE = 'ledger:public-route';

/**
 * The roles that may call a route. The global access guard answers 401 without a valid key and 403
 * for any other role; for `insurer-clerk` it also checks the route's `:insurerNumber` against the key.
 */
export const Allow = (...allowed: Role[]) => SetMetadata(ALLOWED_ROLES, allowed);

/** A route anyone may call without a key (liveness, OpenAPI). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The principal the guard put on the request as `request.principal`. */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
