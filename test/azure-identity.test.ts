// The CLI's Azure Identity wiring, with the loader injected (the package is an optional peer, absent here).
import { expect, it } from 'vitest';
import { azureCredential } from '../src/cli/azure-identity.js';
import { AuthenticationError } from '../src/index.js';

it('a missing @azure/identity is an AuthenticationError that says how to get a token', async () => {
  const err = await azureCredential(() => Promise.reject(new Error("Cannot find package '@azure/identity'"))).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AuthenticationError);
  expect((err as Error).message).toBe('no token: pass --token or set GRAPH_TOKEN, or install @azure/identity (npm install @azure/identity) to sign in with Azure identity');
  expect((err as Error).cause).toBeInstanceOf(Error);
});

it('a present @azure/identity gives a DefaultAzureCredential', async () => {
  class DefaultAzureCredential {
    getToken = async () => ({ token: 't' });
  }
  const credential = await azureCredential(async () => ({ DefaultAzureCredential }));
  expect(credential).toBeInstanceOf(DefaultAzureCredential);
});

it('a module without DefaultAzureCredential is refused', async () => {
  await expect(azureCredential(async () => ({}) as never)).rejects.toThrow(/has no DefaultAzureCredential/);
});

it('a module that is nothing at all is refused the same way, not with a TypeError', async () => {
  // A bundler's stub, or a broken install, can hand back null or undefined for the whole module.
  for (const nothing of [null, undefined]) {
    const err = await azureCredential(async () => nothing as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect((err as Error).message).toMatch(/has no DefaultAzureCredential/);
  }
});
