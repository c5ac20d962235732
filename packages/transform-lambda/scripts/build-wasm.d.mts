/** Path of the generated module holding the compiled WebAssembly. */
export const GENERATED: string;
/** Compiles assembly/index.ts (the event scanner and the gunzip); resolves to the .wasm bytes. */
export function compileTransformWasm(): Promise<Uint8Array>;
/** The generated TypeScript module for the given .wasm bytes. */
export function generatedModule(binary: Uint8Array): string;
