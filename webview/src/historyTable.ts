// The selected cell's history below the boards: what the model predicted there at every step, its top
// candidates, and whether it changed or is wrong (viewModel.ts cellHistory).

import { comparisonFor } from './exactAnswer';
import { el } from './dom';
import { cellHistory, type ViewState } from './viewModel';
import { confidenceText } from './wording';

export function renderHistory(historyEl: HTMLElement, state: ViewState): void {
  const t = state.trace;
  const sel = state.selected;
  if (!t || !sel || t.steps.length === 0) {
    historyEl.replaceChildren();
    historyEl.classList.add('hidden');
    return;
  }
  historyEl.classList.remove('hidden');
  const [r, c] = sel;
  const comparison = comparisonFor(t);
  const expected = comparison?.grid[r]?.[c];
  const given = t.given[r]?.[c];
  const head = el('h2', { textContent: `Cell row ${r + 1}, column ${c + 1}` });
  const info = el('div', {
    className: 'meta',
    textContent: [
      given !== undefined ? `given ${JSON.stringify(given)}` : '',
      expected !== undefined ? `${comparison?.from === 'exact-solver' ? 'exact solver' : 'solution'} ${JSON.stringify(expected)}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
  });
  const table = el('table');
  table.append(
    el('thead', {}, el('tr', {}, ...['Step', 'Prediction', 'Probability', 'Top candidates', ''].map((x) => el('th', { textContent: x })))),
  );
  const body = el('tbody');
  cellHistory(t, r, c).forEach((e, i) => {
    const tr = el('tr');
    if (i === state.stepIndex) tr.className = 'current';
    tr.append(
      el('td', { textContent: String(e.step) }),
      el('td', { textContent: e.symbol ?? '—', className: e.wrong ? 'wrong' : '' }),
      el('td', { textContent: confidenceText(e.probability) }),
      el('td', { textContent: e.top.map((k) => `${k.symbol} ${confidenceText(k.probability)}`).join(', ') }),
      el('td', { textContent: [e.changed && i > 0 ? 'changed' : '', e.wrong ? 'wrong' : ''].filter(Boolean).join(', ') }),
    );
    body.append(tr);
  });
  table.append(body);
  historyEl.replaceChildren(head, info, table);
}
