// Vitest setup. Property tests (fast-check) use a fixed seed under CI so a run is reproducible: a red CI is
// then a real, repeatable counterexample. Locally they explore new seeds on every run (FC_SEED pins one).
import fc from 'fast-check';

const seed = process.env.FC_SEED ? Number(process.env.FC_SEED) : process.env.CI ? 20261121 : undefined;
if (seed !== undefined) fc.configureGlobal({ seed });
