export { type Authorizer, type Caller, noAuth, ROLES, type Role } from './auth/authorizer.js';
export { keyAuthorizer } from './auth/key-authorizer.js';
export { createServer, DEFAULT_BODY_LIMIT, type ServerOptions } from './create-server.js';
export { type Problem, problemOf } from './problem.js';
export { requestScope } from './request-scope.js';
export type { ServedContext, ServedContexts } from './served-contexts.js';
export type { OmegaServer } from './server-types.js';
export { tuneHeapForServing } from './serving-heap.js';
