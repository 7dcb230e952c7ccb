import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type FastifyReply } from 'fastify';
import {
  ALLOWED_ROLES,
  type IdentityTokens,
  keyCharacters,
  type KeyStore,
  mayActFor,
  type Principal,
  PUBLIC_ROUTE,
  type Role,
} from '@ledger/access';
import { isInsurerNumber } from '@ledger/domain';
import { IDENTITY_TOKENS } from './identity-tokens.provider';
import { KEY_STORE } from './key-store.provider';

interface GuardedRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly params?: Record<string, string | undefined>;
  principal?: Principal;
}

/** RFC 9110: the scheme is case-insensitive, and one or more spaces may follow it. */
const bearer = new RegExp(`^Bearer +(${keyCharacters})$`, 'i');

/** A compact JWS (RFC 7515): three base64url parts. No key the ledger makes has a dot. */
const jwtShape = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** How long a client waits before asking again when the identity provider's keys could not be fetched. */
const retryAfterSeconds = 5;

/**
 * Every route passes here (APP_GUARD). It fails closed: a route that says neither @Public nor
 * @Allow is open to no one, so a forgotten decorator denies instead of exposing.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(KEY_STORE) private readonly keys: KeyStore,
    @Inject(IDENTITY_TOKENS) private readonly identityTokens: IdentityTokens | null,
  ) {}

  /** An API key is answered at once; only a token of the identity provider waits for its verification. */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<GuardedRequest>();
    // Two Authorization headers never get here (refuseRepeatedHeaders): which key was meant is unknown.
    const credential = bearerCredential(request.headers.authorization);
    const principal = this.keys.authenticate(credential);
    if (principal) return this.authorize(request, principal, targets);
    if (!this.identityTokens || !jwtShape.test(credential)) {
      throw new UnauthorizedException('the API key is unknown or revoked');
    }
    return this.identityTokens.verify(credential).then((verified) => {
      if (verified.ok) return this.authorize(request, verified.principal, targets);
      if ('unavailable' in verified) {
        // Why is the operator's to know: IdentityTokens logs it, once and not for each request.
        if (verified.unavailable.retry) {
          void http.getResponse<FastifyReply>().header('retry-after', String(retryAfterSeconds));
        }
        throw new ServiceUnavailableException(verified.reason);
      }
      throw new UnauthorizedException(verified.reason);
    });
  }

  private authorize(
    request: GuardedRequest,
    principal: Principal,
    targets: Parameters<Reflector['getAllAndOverride']>[1],
  ): boolean {
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
}

function bearerCredential(header: string | string[] | undefined): string {
  if (header === undefined) throw new UnauthorizedException('an API key is required: Authorization: Bearer <key>');
  const match = typeof header === 'string' ? bearer.exec(header) : null;
  if (!match) throw new UnauthorizedException('the Authorization header must be: Bearer <key>');
  return match[1]!;
}
