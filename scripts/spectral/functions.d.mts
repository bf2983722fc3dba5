// Types for the rule-function wrappers of the plain-ESM ruleset functions, so TypeScript code (the lint tests) can
// import them. A rule function as Spectral calls it: the value, the rule's options, and Spectral's context.
export type RuleFunction<C = unknown> = (targetVal: unknown, opts: unknown, context: C) => unknown;

export declare function sharingAjv<C extends { documentInventory: unknown }>(fn: RuleFunction<C>): RuleFunction<C>;
export declare function rememberedByValue<C>(fn: RuleFunction<C>): RuleFunction<C>;
export declare function withSharedAjv<R extends { then: unknown }>(rule: R): R;
