// Types for the plain-ESM ruleset, so TypeScript code (the lint tests) can import it.
import type { RulesetDefinition } from '@stoplight/spectral-core';

declare const ruleset: RulesetDefinition;
export default ruleset;
