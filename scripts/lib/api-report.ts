// Public API reports, as Azure SDK teams keep them: one API Extractor report per entry point of the package
// (etc/<entry>.api.md), committed, so that a change to the public TypeScript surface — including one that comes from
// the spec through the generated types — shows in review. Read from the declarations in dist/types.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as ApiExtractor from '@microsoft/api-extractor';
import { root } from './spec.js';

/** Each public entry point: its import name, its report file and its declaration entry. */
export const API_ENTRIES = [
  { entry: 'tfkey', report: 'tfkey.api.md', dts: 'dist/types/src/index.d.ts' },
  { entry: 'tfkey/jobs', report: 'tfkey-jobs.api.md', dts: 'dist/types/src/jobs/index.d.ts' },
  { entry: 'tfkey/testing', report: 'tfkey-testing.api.md', dts: 'dist/types/src/testing/index.d.ts' },
] as const;

/** Writes the reports for the current dist/types into `folder`, and returns their text by report file name. */
export function writeApiReports(folder: string): Map<string, string> {
  // API Extractor loads here, not with this module: the list of entries and the comparison of reports need none of it
  // (1.2 s of CPU to load). A CommonJS package, required as such.
  const { CompilerState, Extractor, ExtractorConfig, ExtractorLogLevel } = createRequire(import.meta.url)('@microsoft/api-extractor') as typeof ApiExtractor;
  const temp = mkdtempSync(join(tmpdir(), 'tfkey-api-'));
  try {
    const out = new Map<string, string>();
    // One TypeScript program for every entry point (API Extractor would compile one per entry). Without node's types:
    // the public declarations do not need them (the package test checks a consumer without them too), and reading
    // them cost a quarter of this check.
    let compilerState: ApiExtractor.CompilerState | undefined;
    for (const e of API_ENTRIES) {
      const config = ExtractorConfig.prepare({
        configObject: {
          projectFolder: root,
          mainEntryPointFilePath: join(root, e.dts),
          compiler: { overrideTsconfig: { compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2023', 'dom'], types: [], skipLibCheck: true }, files: [join(root, e.dts)] } },
          apiReport: { enabled: true, reportFileName: e.report, reportFolder: folder, reportTempFolder: temp },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          messages: {
            compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
            extractorMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
            tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
          },
        },
        configObjectFullPath: undefined,
        packageJsonFullPath: join(root, 'package.json'),
      });
      compilerState ??= CompilerState.create(config, { additionalEntryPoints: API_ENTRIES.map((x) => join(root, x.dts)) });
      const result = Extractor.invoke(config, { localBuild: true, showVerboseMessages: false, compilerState, messageCallback: (m) => void (m.handled = true) });
      if (!result.succeeded && result.errorCount > 0) throw new Error(`API Extractor failed for ${e.entry}: ${result.errorCount} error(s)`);
      out.set(e.report, readFileSync(join(folder, e.report), 'utf8'));
    }
    return out;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
