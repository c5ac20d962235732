/** Path of the generated module holding the compiled scanner. */
export const GENERATED: string;
/** Compiles assembly/line-scanner.ts; resolves to the .wasm bytes. */
export function compileEventScanner(): Promise<Uint8Array>;
/** The generated TypeScript module for the given .wasm bytes. */
export function generatedModule(binary: Uint8Array): string;
