// The trace webview's page: every element it draws into, created once in reading order (the PNG export of the
// view walks the same elements).

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { className?: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  Object.assign(e, props);
  for (const c of children) e.append(c);
  return e;
}

function playerButtons() {
  return {
    firstBtn: el('button', { id: 'first', textContent: 'First', title: 'First step (Home)' }),
    prevBtn: el('button', { id: 'prev', textContent: 'Previous', title: 'Previous step (Left)' }),
    playBtn: el('button', { id: 'play', className: 'primary', textContent: 'Play', title: 'Play / pause (Space)' }),
    nextBtn: el('button', { id: 'next', textContent: 'Next', title: 'Next step (Right)' }),
    lastBtn: el('button', { id: 'last', textContent: 'Last', title: 'Last step (End)' }),
  };
}

/** The player (buttons, slider, step label), the step's summary and the halting curve. */
function traceControls() {
  const buttons = playerButtons();
  const slider = el('input', { id: 'slider', type: 'range', min: '0', max: '0', step: '1', value: '0' });
  slider.setAttribute('aria-label', 'Step');
  const stepLabel = el('span', { className: 'step-label', id: 'step-label' });
  const { firstBtn, prevBtn, playBtn, nextBtn, lastBtn } = buttons;
  const playerEl = el('div', { className: 'player', id: 'player' }, firstBtn, prevBtn, playBtn, nextBtn, lastBtn, slider, stepLabel);
  playerEl.setAttribute('role', 'group');
  playerEl.setAttribute('aria-label', 'Trace player');
  const summaryEl = el('div', { className: 'summary', id: 'summary' });
  summaryEl.setAttribute('aria-live', 'polite');
  const curveHeading = el('h2', { textContent: 'Halting score' });
  const curveCanvas = el('canvas', { id: 'curve', className: 'curve', tabIndex: 0 });
  curveCanvas.setAttribute('role', 'img');
  return { ...buttons, slider, stepLabel, playerEl, summaryEl, curveHeading, curveCanvas };
}

function optionControls() {
  const heatBox = el('input', { id: 'heatmap', type: 'checkbox' });
  const digitsBox = el('input', { id: 'digits', type: 'checkbox' });
  return {
    heatBox,
    digitsBox,
    heatLabel: el('label', {}, heatBox, 'Confidence heat map'),
    digitsLabel: el('label', {}, digitsBox, 'Show symbols'),
    exportViewBtn: el('button', { id: 'export-view', textContent: 'Export view as PNG' }),
    exportStripBtn: el('button', { id: 'export-strip', textContent: 'Export trace as PNG strip' }),
  };
}

const HINT =
  'Keys: Left/Right step, Space play/pause, Home/End first/last step. ' +
  'Tab to the prediction grid and use the arrow keys to pick a cell and see its history; Escape clears it. Click a cell to do the same.';

/** Builds the page into #app (or a new <main> when the document has none). */
export function buildPage() {
  const app = document.getElementById('app') ?? document.body.appendChild(el('main', { id: 'app' }));
  const titleEl = el('h1', { id: 'title' });
  const metaEl = el('div', { className: 'meta', id: 'meta' });
  const messageEl = el('div', { className: 'message', id: 'message' });
  messageEl.setAttribute('role', 'status');
  const trainHeading = el('h2', { textContent: 'Train pairs' });
  const trainEl = el('div', { className: 'pairs', id: 'train' });
  const boardsHeading = el('h2', { id: 'boards-heading' });
  const boardsEl = el('div', { className: 'boards', id: 'boards' });

  const trace = traceControls();
  const { playerEl, summaryEl, curveHeading, curveCanvas } = trace;

  const options = optionControls();
  const { heatLabel, digitsLabel, exportViewBtn, exportStripBtn } = options;
  const optionsEl = el('div', { className: 'options', id: 'options' }, heatLabel, digitsLabel, exportViewBtn, exportStripBtn);
  const legendEl = el('div', { className: 'legend', id: 'legend' });
  const historyEl = el('section', { className: 'history', id: 'history' });
  historyEl.setAttribute('aria-label', 'Cell history');
  const hintEl = el('div', { className: 'hint', textContent: HINT });
  const traceSection = el('section', { id: 'trace-section' }, playerEl, summaryEl, curveHeading, curveCanvas);

  app.append(
    titleEl,
    metaEl,
    messageEl,
    trainHeading,
    trainEl,
    boardsHeading,
    boardsEl,
    traceSection,
    optionsEl,
    legendEl,
    historyEl,
    hintEl,
  );
  return {
    app,
    titleEl,
    metaEl,
    messageEl,
    trainHeading,
    trainEl,
    boardsHeading,
    boardsEl,
    ...trace,
    ...options,
    legendEl,
    historyEl,
    traceSection,
  };
}

export type Page = ReturnType<typeof buildPage>;
