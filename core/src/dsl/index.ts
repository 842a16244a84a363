// The DSL in one import: types, parser, printer, symbols, codes.
export * from './ast';
export * from './parser';
export * from './printer';
export * from './symbols';
export * from './codes';
export * from './build';
export * from './incremental';
