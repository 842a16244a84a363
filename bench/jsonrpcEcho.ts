// A bare JSON-RPC server on stdio (vscode-jsonrpc, the library under the language server), for bench/lsp.bench.ts:
// it keeps the text of a didOpen and answers a ping, nothing else. How long a ping sent right behind a large
// didOpen waits for it is what the transport alone costs (the client's encoding, the pipe, the server's
// decoding): no server can answer a request queued behind that message sooner.
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

const connection = createMessageConnection(new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
let length = 0;
connection.onNotification('textDocument/didOpen', (p: { textDocument: { text: string } }) => {
  length = p.textDocument.text.length;
});
connection.onRequest('ping', () => length);
connection.listen();
