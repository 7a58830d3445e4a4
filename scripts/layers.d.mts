// Types of scripts/layers.mjs for the TypeScript that reads it (test/unit/layers.test.ts).
export declare const LAYERS: readonly (readonly string[])[];
