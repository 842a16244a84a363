// Node entry of the language server (dist/server.js): `node dist/server.js --stdio` or `--node-ipc`
// (what the VS Code client uses).
import { runNodeServer } from './nodeServer';

runNodeServer();
