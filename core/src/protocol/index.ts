// The protocol between clients, the language server and the trace webview: message declarations
// (messages.ts), their payload types (trmMessages.ts, puzzleView.ts). docs/protocol.md documents them.
export * from './messages';
export * from './puzzleView';
export * from './trmMessages';
