// Browser entry of the language server (dist/browserServer.js): runs as a web worker that the web extension
// (client/src/browserExtension.ts) starts, and speaks LSP over postMessage. The same connection-agnostic
// serverMain as the Node host, so every core feature (diagnostics, hover, completion, code actions, formatting,
// outline, folding, inlay hints) works in VS Code for the Web; the TRM runs on onnxruntime-web (browserTrm.ts).
// No file system: models and the .wasm come from the client, read through the extension's URI.
// The WebAssembly-only build, with its loader inside: it matches dist/ort-wasm-simd-threaded.wasm.
import * as ort from 'onnxruntime-web/wasm';
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { browserTrmExtension } from './browserTrm';
import { timerEnvironment } from './environment';
import { startServer } from './serverMain';

// In a dedicated worker `self` is the worker's global scope (typed here through the DOM lib as a Window).
const scope = self as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(new BrowserMessageReader(scope), new BrowserMessageWriter(scope));
startServer(connection, timerEnvironment('browser'), [browserTrmExtension(ort)]);
