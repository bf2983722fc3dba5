// Types for what TypeScript code (the lint tests) imports of the plain-ESM ruleset functions. A rule function as
// Spectral calls it: the value, the rule's options, and Spectral's context.
export type RuleFunction<C = unknown> = (targetVal: unknown, opts: unknown, context: C) => unknown;

export declare function sharingAjv<C extends { documentInventory: unknown }>(fn: RuleFunction<C>): RuleFunction<C>;
