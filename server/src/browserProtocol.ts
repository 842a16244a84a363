// Messages between the web extension (client/src/browserExtension.ts) and the browser language server
// (server/src/browserTrm.ts): the worker has no file system, so the client reads files for it.

/** server -> client: the bundled models; the reply lists each model's .json text and its .onnx path. */
export const WEB_LIST_MODELS_REQUEST = 'gridReasoner/web/listModels';
/** server -> client: `{ path }` relative to the extension (models/*.onnx, dist/*.wasm); the reply is base64. */
export const WEB_READ_FILE_REQUEST = 'gridReasoner/web/readFile';
/** The command behind `Fill solution with TRM (WebAssembly)`: `[uri, puzzleIndex]`. */
export const WEB_FILL_COMMAND = 'gridReasoner.web.fillWithTrm';

export interface WebModelEntry { onnx: string; json: string }
