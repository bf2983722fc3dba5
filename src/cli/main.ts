// tfkey: enable, disable and read Azure AD B2C trustFramework keys from a terminal or a pipeline.
// Exit codes: 0 success; 1 the service refused or could not be reached, or the guard refused a change that would
// break sign-ins; 2 bad usage, bad input or no credentials.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import pkg from '../../package.json' with { type: 'json' };
import { CLOUDS } from '../index.js';
import { applyCommand } from './commands/apply.js';
import { checkCommand } from './commands/check.js';
import { getCommand } from './commands/get.js';
import { listCommand } from './commands/list.js';
import { mockCommand } from './commands/mock.js';
import { planCommand } from './commands/plan.js';
import { setStatusCommand } from './commands/set-status.js';
import { cliOf, processMockGraph, type Flags } from './context.js';
import { processIo, type CliIo } from './io.js';
import { report } from './output.js';

export type { CliIo, CliOutput } from './io.js';

const integer = (name: string) => (v: string) => {
  if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be a whole number (got "${v}")`);
  return Number(v);
};

/**
 * The whole program: runs one tfkey command with `argv` (the arguments after `tfkey`) and the given io, and resolves
 * to its exit code. It never exits the process, and reads nothing of it but what `io` hands in.
 */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const cli = cliOf(io);
  const program = new Command('tfkey')
    .description('Enable, disable and read Azure AD B2C trustFramework keys (Microsoft Graph beta, keys_v2).')
    .addOption(new Option('--cloud <cloud>', 'national cloud').choices(CLOUDS).default('global'))
    .option('--base-url <url>', 'Graph endpoint, e.g. https://graph.microsoft.com/beta (default: the cloud\'s)')
    .option('--token <token>', 'bearer token (default: $GRAPH_TOKEN, then Azure identity); prefer $GRAPH_TOKEN, arguments show in ps')
    .option('--mock', 'run against the in-process fake Graph of tfkey/testing (stateful, no credentials needed)')
    .option('--dry-run', 'print the exact request, token redacted, and change nothing (set-status reads the key set for its guard)')
    .option('--json', 'print machine-readable JSON')
    .option('--max-retries <n>', 'retries of 429, 503, 504 and dropped connections (0-10, default 3)', integer('--max-retries'))
    .option('--timeout <ms>', 'timeout of each attempt, in milliseconds', integer('--timeout'))
    .option('--verbose', 'show each attempt and retry wait on stderr')
    .version(pkg.version, '-V, --version', 'print the version')
    .addHelpText('after', '\nExit codes: 0 success; 1 the service refused or could not be reached, or the guard refused a change that would\nbreak sign-ins; 2 bad usage, bad input or no credentials.\nThe token is never printed.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Help fits a terminal's width, else commander's default (80); plain text, no colour.
      getOutHelpWidth: () => (io.stdout.isTTY && io.stdout.columns) || 80,
      getErrHelpWidth: () => (io.stderr.isTTY && io.stderr.columns) || 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
      outputError: () => {},
    });

  // Commands made apart get the program's exit and output settings, as .command() would give them.
  // A command that completes but must still exit non-zero (apply with a failed item) says so here.
  for (const command of [setStatusCommand(cli), getCommand(cli), listCommand(cli), checkCommand(cli), planCommand(cli), applyCommand(cli), mockCommand(cli)]) program.addCommand(command.copyInheritedSettings(program));

  try {
    await program.parseAsync(argv, { from: 'user' });
    return cli.exit.code;
  } catch (e) {
    // Help and the version, asked for and printed.
    if (e instanceof CommanderError && e.exitCode === 0) return 0;
    // No command: commander printed the help on stderr; that is bad usage, said as such.
    const error = e instanceof CommanderError && e.code === 'commander.help' ? new CommanderError(2, e.code, 'a command is required (tfkey --help lists them)') : e;
    // A usage error can come before commander has read --json: look at the arguments too.
    return report(cli, error, { ...program.opts<Flags>(), json: program.opts<Flags>().json || argv.includes('--json') });
  }
}

/** tfkey in this process: its streams, environment and signals, one fake for every --mock command it runs. */
export const main = (argv: string[]): Promise<number> => run(argv, { ...processIo(), mockGraph: processMockGraph });
