// The ARC colour swatches come from the server (the client never parses): gridReasoner/arcColours answers the
// swatch ranges of the document's current version, grouped by colour, and nothing for other kinds or unknown files.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Messages, sendRequest } from '../../core/src/protocol/messages';
import { serverBuilt, startClient, type Client } from './harness';

const ARC = 'arc t\n  train\n    input\n      0 1 1\n      9 1 0\n    output\n      2 2\n';

describe('gridReasoner/arcColours', { skip: serverBuilt() ? false : 'dist/server.js missing: run npm run build' }, () => {
  let client: Client;
  before(async () => {
    client = await startClient();
  });
  after(async () => {
    await client?.close();
  });

  it('answers the swatches of the current version, touching within a row', async () => {
    const uri = 'file:///colours.arc';
    client.open(uri, ARC, 3);
    const reply = await sendRequest(client.conn, Messages.arcColours, { uri });
    assert.ok(reply);
    assert.equal(reply.version, 3);
    assert.equal(reply.byColour.length, 10);
    const at = (c: number) => reply.byColour[c]!.map((r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`);
    // A cell's swatch runs to the next cell of its row, so a row is drawn as touching squares.
    assert.deepEqual(at(0), ['3:6-3:8', '4:10-4:11']);
    assert.deepEqual(at(1), ['3:8-3:10', '3:10-3:11', '4:8-4:10']);
    assert.deepEqual(at(9), ['4:6-4:8']);
    assert.deepEqual(at(2), ['6:6-6:8', '6:8-6:9']);

    client.change(uri, 4, ARC.replace('0 1 1', '5 1 1'));
    const next = await sendRequest(client.conn, Messages.arcColours, { uri });
    assert.equal(next?.version, 4);
    assert.deepEqual(
      next!.byColour[5]!.map((r) => r.start.character),
      [6],
    );
  });

  it('paints nothing in a Sudoku, and answers null for a document that is not open or a malformed request', async () => {
    const uri = 'file:///sudoku.arc';
    client.open(uri, 'sudoku s 4x4\n  givens\n    1 2 . .\n    . . 1 2\n    2 1 . .\n    . . 2 1\n');
    const reply = await sendRequest(client.conn, Messages.arcColours, { uri });
    assert.ok(reply?.byColour.every((r) => r.length === 0));
    assert.equal(await sendRequest(client.conn, Messages.arcColours, { uri: 'file:///not-open.arc' }), null);
    assert.equal(await sendRequest(client.conn, Messages.arcColours, null as unknown as { uri: string }), null);
  });
});
