// tfkey set-status <keySetId> <keyId> <enabled|disabled>
import { Command } from 'commander';
import { clientFrom, type Flags } from '../context.js';
import { out } from '../output.js';

export function setStatusCommand(): Command {
  return (
    new Command('set-status')
      .description('enable or disable a key')
      .argument('<keySetId>', 'key set id, e.g. B2C_1A_TokenSigningKeyContainer')
      .argument('<keyId>', 'the key\'s kid')
      // unknownFutureValue is Graph's evolvable-enum sentinel: nobody sets it, so the CLI does not offer it.
      .addArgument(new Command().createArgument('<status>', 'enabled or disabled').choices(['enabled', 'disabled']))
      .action(async function (this: Command, keySetId: string, keyId: string, status: 'enabled' | 'disabled') {
        const flags = this.optsWithGlobals<Flags>();
        await (await clientFrom(flags)).updateKeyStatus({ keySetId, keyId, status });
        if (flags.json) out(JSON.stringify({ keySetId, keyId, status }));
        else out(`Key ${keyId} in ${keySetId} is now ${status}.`);
      })
  );
}
