// The WebAssembly module's entry: the event scanner, the gunzip and the escaped-key search share one
// linear memory, so a record inflated here is scanned where it lies.
export * from './event-scanner';
export * from './gunzip';
export * from './escaped-keys';
export * from './base64';
export * from './direct-flow-line';
