import { AuthError } from '../../errors.js';
import type { Authorizer } from './authorizer.js';

/** Checks API keys of the served contexts (API.md §11). Placeholder until the keys store lands. */
export function keyAuthorizer(): Authorizer {
  return {
    authorize: async () => {
      throw new AuthError('API keys are not available in this build; serve with auth off on loopback');
    },
  };
}
