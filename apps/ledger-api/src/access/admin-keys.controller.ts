import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { Allow, checkScope, type KeyStore, scopeOf } from '@ledger/access';
import { naming } from '@ledger/ledger';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AccessAnswers, takesNoQuery } from '../read-side/documented-answers';
import { UndeclaredQueryGuard } from '../read-side/undeclared-query.guard';
import { CreatedKeyView, CreateKeyRequest, KeyView } from './admin-keys.dto';
import { KEY_STORE } from './key-store.provider';

@ApiTags('admin')
@ApiBearerAuth()
@Allow('admin')
@AccessAnswers('Not an admin key')
@UseGuards(UndeclaredQueryGuard)
@Controller('v1/admin/keys')
export class AdminKeysController {
  constructor(@Inject(KEY_STORE) private readonly keys: KeyStore) {}

  @Post()
  // The only answer that holds a key: no cache on the way may keep it.
  @Header('cache-control', 'no-store')
  @ApiBody({
    type: CreateKeyRequest,
    examples: {
      clerk: { value: { role: 'insurer-clerk', insurers: ['123455'] } },
      clinic: { value: { role: 'medical-institution', medicalInstitutions: ['0110113719'] } },
      auditor: { value: { role: 'auditor' } },
    },
  })
  @ApiCreatedResponse({ type: CreatedKeyView, description: 'The new key, answered once' })
  @ApiBadRequestResponse({
    description:
      'An unknown role or field, insurers missing for an insurer-clerk or given to another role, medicalInstitutions given to a role other than medical-institution, a wrong insurer number or institution code, or one listed twice (problem+json)',
  })
  create(@Body() request: CreateKeyRequest): CreatedKeyView {
    const { role, insurers, medicalInstitutions } = request;
    const problem = checkScope(request);
    if (problem) throw new BadRequestException([naming(problem.field, problem.reason)]);
    return this.keys.create(scopeOf(role, insurers, medicalInstitutions));
  }

  @Get()
  @ApiOkResponse({ type: [KeyView], description: 'Every key, revoked ones included, without the keys themselves' })
  @ApiBadRequestResponse(takesNoQuery)
  list(): KeyView[] {
    return this.keys.list();
  }

  @Delete(':id')
  @ApiOkResponse({ type: KeyView, description: 'The key, now revoked' })
  @ApiBadRequestResponse(takesNoQuery)
  @ApiNotFoundResponse({
    description: 'No key has this id, nor is it a key of this ledger (problem+json; what was given is not repeated)',
  })
  revoke(@Param('id') given: string): KeyView {
    // As `ledger keys revoke`: the id, or the key itself when only a leaked key is at hand.
    const revoked = this.keys.revokeGiven(given);
    if (!revoked) throw new NotFoundException('no key has the id given, nor is it a key of this ledger');
    return revoked;
  }
}
