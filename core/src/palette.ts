// The ARC palette, the one table of it: the rules (hover names, completion details), the editor's colour
// swatches and the trace webview all read it. Pure data, so every layer may import it.

/** The conventional names of the ten ARC colours (the ARC-AGI viewer palette), index = colour. */
export const ARC_COLOUR_NAMES: readonly string[] = [
  'black',
  'blue',
  'red',
  'green',
  'yellow',
  'grey',
  'magenta',
  'orange',
  'light blue',
  'maroon',
];

/** Hex colours of the ARC-AGI viewer palette, index = colour. */
export const ARC_COLOUR_HEX: readonly string[] = [
  '#000000',
  '#0074D9',
  '#FF4136',
  '#2ECC40',
  '#FFDC00',
  '#AAAAAA',
  '#F012BE',
  '#FF851B',
  '#7FDBFF',
  '#870C25',
];
