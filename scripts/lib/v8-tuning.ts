// V8 optimises a function once it has run about 66 KB of bytecode. A test run's heavy tools (TypeScript, the
// generators, Spectral, Ajv's code generator) and Prism pass that in seconds, and their optimising compiles took 23 s
// of CPU on V8's background threads, a quarter of npm test's, mostly for code that then ran a few times more. Fifteen
// times the budget optimises only what stays hot: on a fresh clone, 75 and 81 s of CPU against 87 and 91 s, and 56 and
// 58 s wall against 60 and 62 s (alternated runs); Prism's CPU per request, 1.1 ms against 1.8.
export const HOT_CODE_ONLY = '--interrupt-budget=1000000';
