// How the Node language server process is started (VS Code's client, and the tests and benchmarks that should
// measure the server as users run it). No `vscode` import: tests/lsp/harness.ts uses it outside VS Code.

/**
 * V8 flags of the server process. A young generation twice V8's default (32 MB semi-spaces): a large document's
 * parse and checks allocate fast, and with the default size the scavenges between them made a request on
 * another document wait over 100 ms during an edit of a 10 MB document in 4 of 12 runs, 0 of 12 with it
 * (docs/benchmarks.md). The space grows to that size only where allocation needs it.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=32'];
