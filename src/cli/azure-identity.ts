// Azure Identity for the CLI: an optional peer dependency, loaded only when no token was given.
import type { TokenCredentialLike } from '../client/auth.js';
import { AuthenticationError } from '../client/errors.js';
import { loadModule } from './external.js';

const HINT = 'pass --token or set GRAPH_TOKEN, or install @azure/identity (npm install @azure/identity) to sign in with Azure identity';

/** What the CLI takes of @azure/identity. */
export type IdentityModule = { DefaultAzureCredential: new () => TokenCredentialLike };

// A variable specifier keeps bundlers and the type checker from requiring the package at build time.
const IDENTITY = '@azure/identity';
const loadIdentity = () => loadModule<IdentityModule>(IDENTITY);

/** DefaultAzureCredential from @azure/identity, or an AuthenticationError that says how to get a token. */
export async function azureCredential(load: () => Promise<IdentityModule> = loadIdentity): Promise<TokenCredentialLike> {
  let mod: IdentityModule;
  try {
    mod = await load();
  } catch (cause) {
    throw new AuthenticationError(`no token: ${HINT}`, { cause });
  }
  if (typeof mod?.DefaultAzureCredential !== 'function') throw new AuthenticationError(`@azure/identity has no DefaultAzureCredential: ${HINT}`);
  return new mod.DefaultAzureCredential();
}
