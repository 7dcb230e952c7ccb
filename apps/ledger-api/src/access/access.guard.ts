import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ALLOWED_ROLES,
  keyCharacters,
  type KeyStore,
  mayActFor,
  type Principal,
  PUBLIC_ROUTE,
  type Role,
} from '@ledger/access';
import { isInsurerNumber } from '@ledger/domain';
import { KEY_STORE } from './key-store.provider';

interface GuardedRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly params?: Record<string, string | undefined>;
  principal?: Principal;
}

/** RFC 9110: the scheme is case-insensitive, and one or more spaces may follow it. */
const bearer = new RegExp(`^Bearer +(${keyCharacters})$`, 'i');

/**
 * Every route passes here (APP_GUARD). It fails closed: a route that says neither @Public nor
 * @Allow is open to no one, so a forgotten decorator denies instead of exposing.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<GuardedRequest>();
    // Two Authorization headers never get here (refuseRepeatedHeaders): which key was meant is unknown.
    const principal = this.authenticate(request.headers.authorization);
    // Set before the role and the insurer are checked: a refusal's request line names the key that asked.
    request.principal = principal;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ALLOWED_ROLES, targets) ?? [];
    if (!allowed.includes(principal.role)) {
      throw new ForbiddenException(`the role ${principal.role} may not use this route`);
    }
    const insurerNumber = request.params?.insurerNumber;
    // A number that is none (a wrong check digit) is left to the route's validation: a 400 naming the field.
    if (insurerNumber !== undefined && isInsurerNumber(insurerNumber) && !mayActFor(principal, insurerNumber)) {
      throw new ForbiddenException(`this key does not act for insurer ${insurerNumber}`);
    }
    return true;
  }

  private authenticate(header: string | string[] | undefined): Principal {
    if (header === undefined) throw new UnauthorizedException('an API key is required: Authorization: Bearer <key>');
    const match = typeof header === 'string' ? bearer.exec(header) : null;
    if (!match) throw new UnauthorizedException('the Authorization header must be: Bearer <key>');
    const principal = this.keys.authenticate(match[1]!);
    if (!principal) throw new UnauthorizedException('the API key is unknown or revoked');
    return principal;
  }
}
