// grid-reasoner lsp --stdio: the language server for any editor (Neovim, Helix, Emacs, ...).

import { runNodeServer } from '../../../server/src/nodeServer';
import { type Command, UsageError } from '../command';

export const lsp: Command = {
  name: 'lsp',
  summary: 'run the language server (for editors other than VS Code)',
  usage: 'grid-reasoner lsp --stdio | --node-ipc',
  run(args) {
    const transport = args.filter((a) => a === '--stdio' || a === '--node-ipc');
    const other = args.find((a) => a !== '--stdio' && a !== '--node-ipc');
    if (other) throw new UsageError(`unknown argument '${other}'`);
    if (transport.length !== 1) throw new UsageError('give exactly one transport: --stdio or --node-ipc');
    // The connection keeps the process alive; the client's `exit` notification ends it.
    runNodeServer();
    return 0;
  },
};
