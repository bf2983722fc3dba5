// What the CLI prints: results on stdout, diagnostics on stderr, and how a failure is reported (text or one JSON
// document) with its exit code. Nothing printed ever holds the token or a proxy password.
import { CommanderError } from 'commander';
import { isAuthenticationError, isGraphError, isRequestValidationError } from '../index.js';
import type { Cli, Flags } from './context.js';
import { DryRun } from './fetch.js';
import { GuardRefusal } from './refusal.js';

/** A URL with its user name and password hidden, for anything printed. */
export const redact = (text: string): string => text.replace(/:\/\/[^/@\s]*@/g, '://***@');

/**
 * A dry run's request as printed: its line, headers and body, then `after` (what else the command has to say) and
 * `closing`; with --json, one document with `extra` beside the request.
 */
export function printDryRun({ out }: Cli, flags: Flags, r: DryRun['request'], o: { extra?: object; after?: string; closing?: string } = {}): void {
  if (flags.json) return out(JSON.stringify({ dryRun: true, ...r, ...o.extra }));
  out(`${r.method} ${r.url}`);
  for (const [k, v] of Object.entries(r.headers)) out(`${k}: ${v}`);
  if (r.body !== undefined) out(`\n${JSON.stringify(r.body)}`);
  if (o.after !== undefined) out(`\n${o.after}`);
  out(o.after === undefined ? `\n${o.closing ?? '(dry run: nothing was sent)'}` : (o.closing ?? '(dry run: nothing was sent)'));
}

/**
 * Why signing in failed, as the credential said it (DefaultAzureCredential lists what it tried). A missing
 * @azure/identity is left out: the message already says what to do.
 */
function signInCause(e: unknown): { name: string; message: string } | undefined {
  const cause = isAuthenticationError(e) ? e.cause : undefined;
  if (!(cause instanceof Error) || (cause as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
  return { name: cause.name, message: redact(cause.message) };
}

/** Prints the outcome of a failed command and returns its exit code. */
export function report(cli: Cli, e: unknown, flags: Flags): number {
  const { out, err } = cli;
  const dry = e instanceof Error && e.cause instanceof DryRun ? e.cause : undefined;
  if (dry) {
    printDryRun(cli, flags, dry.request);
    return 0;
  }
  const usage = e instanceof CommanderError;
  const code = usage || isRequestValidationError(e) || isAuthenticationError(e) ? 2 : 1;
  const error = e instanceof Error ? e : new Error(String(e));
  const message = redact(usage ? error.message.replace(/^error: /, '') : error.message);
  const cause = signInCause(e);
  if (e instanceof GuardRefusal) {
    const { keySetId, kid, status, reason } = e.item;
    if (flags.json) out(JSON.stringify({ error: { name: e.name, code: 'tfkey.guard', message, keySetId, kid, status, reason, override: e.override } }));
    else err(`tfkey: ${message}`);
    return 1;
  }
  if (flags.json) {
    const fields = usage ? { name: 'UsageError', code: (e as CommanderError).code } : { ...error, name: error.name, body: undefined };
    out(JSON.stringify({ error: { ...fields, message, ...(cause ? { cause } : {}) } }));
  } else if (usage) {
    err(`tfkey: ${message}`);
  } else if (isGraphError(e)) {
    err(`Graph refused the request: ${e.status}${e.code ? ` ${e.code}` : ''}: ${message}`);
    const retryAfter = e.retryAfterMs === undefined ? undefined : `${Math.ceil(e.retryAfterMs / 1000)} s (Graph's wait before trying again)`;
    for (const [k, v] of [['request-id', e.requestId], ['client-request-id', e.clientRequestId], ['date', e.date], ['retry-after', retryAfter]]) if (v) err(`  ${k}: ${v}`);
  } else {
    // Our errors name their root cause (ENOTFOUND, ECONNREFUSED, …) in the message itself.
    err(`tfkey: ${error.name}: ${message}`);
    if (cause) err(`  cause: ${cause.name}: ${cause.message}`);
  }
  return code;
}
