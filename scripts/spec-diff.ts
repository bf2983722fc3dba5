// `npm run spec:diff -- [git-rev]`: the breaking-change gate. Compares the working spec with the spec at <git-rev>
// (default: the last commit that changed it — or, when the working spec is that version, the one before it),
// prints every change classified for a client, and exits 1 on a breaking change not acknowledged, with a reason,
// in spec/breaking-changes.yaml. --against <file> and --spec <file> compare files instead; --ack <file> picks
// another acknowledgement file.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { changeId, changeTable, diffSpecs, loadAcknowledgements } from './lib/breaking.js';
import { loadSpec, root, specPath } from './lib/spec.js';

export interface DiffIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** The whole command: `argv` as after `npm run spec:diff --`; resolves to the exit code. */
export function runSpecDiff(argv: string[], io: DiffIo): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { spec: { type: 'string' }, against: { type: 'string' }, ack: { type: 'string' } },
  });
  const specRel = relative(root, specPath);
  const headFile = values.spec ?? specPath;
  const headText = readFileSync(headFile, 'utf8');

  function baseText(): { text: string; label: string } | undefined {
    if (values.against) return { text: readFileSync(values.against, 'utf8'), label: values.against };
    let rev = positionals[0];
    try {
      if (!rev) {
        rev = git('log', '-1', '--format=%h', '--', specRel).trim();
        if (!rev) throw new Error('no commit has the spec yet');
        if (git('show', `${rev}:${specRel}`) === headText) {
          // Nothing changed since the last spec commit: review that commit's change instead.
          const parent = git('log', '-1', '--format=%h', `${rev}~1`, '--', specRel).trim();
          if (!parent) return { text: headText, label: `${rev} (the spec's first commit: nothing to compare)` };
          rev = parent;
        }
      }
      return { text: git('show', `${rev}:${specRel}`), label: rev };
    } catch (e) {
      io.stderr(`spec:diff: cannot read ${specRel} at ${rev ?? 'the last spec commit'}: ${(e as Error).message.split('\n')[0]}`);
      return undefined;
    }
  }

  const base = baseText();
  if (!base) return 2;
  const changes = diffSpecs(parse(base.text), loadSpec(headFile));
  const ackFile = values.ack ?? join(root, 'spec/breaking-changes.yaml');
  let acks: Set<string>;
  try {
    acks = loadAcknowledgements(ackFile);
  } catch (e) {
    io.stderr(`spec:diff: ${relative(root, ackFile)}: ${(e as Error).message}`);
    return 2;
  }
  io.stdout(`spec:diff ${base.label} → ${values.spec ?? 'working tree'}\n`);
  io.stdout(changeTable(changes, acks));
  const open = changes.filter((c) => c.breaking && !acks.has(changeId(c)));
  if (open.length > 0) {
    io.stdout(`\n${open.length} breaking change(s) for clients. If intended, acknowledge each in spec/breaking-changes.yaml:`);
    for (const c of open) io.stdout(`  - change: ${JSON.stringify(changeId(c))}\n    reason: <why clients must accept this>`);
    return 1;
  }
  io.stdout(`\n${changes.length} change(s), none breaking${changes.some((c) => c.breaking) ? ' that is not acknowledged' : ''}.`);
  return 0;
}

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = runSpecDiff(process.argv.slice(2), { stdout: (l) => console.log(l), stderr: (l) => console.error(l) });
}
