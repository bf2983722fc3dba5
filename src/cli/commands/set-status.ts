// tfkey set-status <keySetId> <keyId> <enabled|disabled>
import { Command } from 'commander';
import { clientFrom, type Cli, type Flags } from '../context.js';

export function setStatusCommand(cli: Cli): Command {
  return (
    new Command('set-status')
      .description('enable or disable a key')
      .argument('<keySetId>', 'key set id, e.g. B2C_1A_TokenSigningKeyContainer')
      .argument('<keyId>', 'the key\'s kid')
      // unknownFutureValue is Graph's evolvable-enum sentinel: nobody sets it, so the CLI does not offer it.
      .addArgument(new Command().createArgument('<status>', 'enabled or disabled').choices(['enabled', 'disabled']))
      .action(async function (this: Command, keySetId: string, keyId: string, status: 'enabled' | 'disabled') {
        const flags = this.optsWithGlobals<Flags>();
        await (await clientFrom(cli, flags)).updateKeyStatus({ keySetId, keyId, status });
        if (flags.json) cli.out(JSON.stringify({ keySetId, keyId, status }));
        else cli.out(`Key ${keyId} in ${keySetId} is now ${status}.`);
      })
  );
}
