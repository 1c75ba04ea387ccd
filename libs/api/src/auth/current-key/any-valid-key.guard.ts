import { Injectable } from '@nestjs/common';
import { ApiKeyGuard } from '../api-key.guard';

/** Any valid key, whatever its scopes: for a key asking what it is. */
@Injectable()
export class AnyValidKeyGuard extends ApiKeyGuard {
  protected override permits(): boolean {
    return true;
  }
}
