// The trace webview's HTML: a strict Content Security Policy (nothing but the nonce'd bundle and style runs; no
// remote resources), VS Code theme variables in the stylesheet. Used by client/src/tracePanelShell.ts and by the
// browser test, so the test exercises the same page under the same policy.

export interface HtmlOptions {
  /** `webview.cspSource` (the origin of local resources). */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
  /** URI of dist/webview.js as the webview sees it (`webview.asWebviewUri`). */
  scriptUri: string;
  title?: string;
}

/** A nonce of 32 letters and digits from the platform's cryptographic generator (Web Crypto, in Node and browsers):
 *  a predictable nonce would let injected markup run scripts. */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = new Uint8Array(32);
  globalThis.crypto.getRandomValues(bytes);
  let out = '';
  // 62 letters: bytes of 248 and above are drawn again so every letter is equally likely.
  for (let i = 0; out.length < 32; i++) {
    if (i === bytes.length) {
      globalThis.crypto.getRandomValues(bytes);
      i = 0;
    }
    const b = bytes[i]!; // i < bytes.length: it is reset to 0 when it reaches the end
    if (b < 248) out += chars[b % 62];
  }
  return out;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export const STYLE = `
:root { color-scheme: light dark; }
body {
  margin: 0; padding: 10px 14px 24px;
  color: var(--vscode-foreground, #cccccc);
  background: var(--vscode-editor-background, #1e1e1e);
  font-family: var(--vscode-font-family, sans-serif);
  font-size: var(--vscode-font-size, 13px);
}
h1 { font-size: 1.25em; margin: 0 0 2px; font-weight: 600; }
h2 { font-size: 1em; margin: 10px 0 4px; font-weight: 600; color: var(--vscode-descriptionForeground, #9d9d9d); }
.meta, .hint { color: var(--vscode-descriptionForeground, #9d9d9d); }
.hint { font-size: 0.9em; margin-top: 6px; }
.message { margin: 8px 0; }
.message.error { color: var(--vscode-errorForeground, #f48771); }
.boards, .pairs { margin-top: 8px; }
.boards { display: flex; flex-wrap: wrap; gap: 14px 22px; align-items: flex-start; }
.pairs { display: flex; flex-wrap: wrap; gap: 12px 26px; align-items: flex-start; }
figure { margin: 0; display: flex; flex-direction: column; gap: 4px; }
figure.pair { flex-direction: row; align-items: center; gap: 6px; }
figure.pair > .arrow { color: var(--vscode-descriptionForeground, #9d9d9d); }
figcaption { font-size: 0.9em; color: var(--vscode-descriptionForeground, #9d9d9d); }
canvas { display: block; }
canvas.board:focus-visible, canvas.curve:focus-visible { outline: 2px solid var(--vscode-focusBorder, #0078d4); outline-offset: 2px; }
.player { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 12px 0 6px; }
.player input[type=range] { flex: 1 1 200px; min-width: 120px; accent-color: var(--vscode-focusBorder, #0078d4); }
.options { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; }
button {
  font: inherit; padding: 3px 10px; cursor: pointer;
  color: var(--vscode-button-secondaryForeground, #cccccc);
  background: var(--vscode-button-secondaryBackground, #3a3d41);
  border: 1px solid var(--vscode-button-border, var(--vscode-contrastBorder, transparent));
  border-radius: 2px;
}
button:hover:not(:disabled) { background: var(--vscode-button-secondaryHoverBackground, #45494e); }
button.primary { color: var(--vscode-button-foreground, #ffffff); background: var(--vscode-button-background, #0e639c); }
button.primary:hover:not(:disabled) { background: var(--vscode-button-hoverBackground, #1177bb); }
button:disabled { opacity: 0.5; cursor: default; }
button:focus-visible, input:focus-visible { outline: 1px solid var(--vscode-focusBorder, #0078d4); outline-offset: 2px; }
label { display: inline-flex; align-items: center; gap: 4px; cursor: pointer; }
.step-label { min-width: 9em; font-variant-numeric: tabular-nums; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.9em; color: var(--vscode-descriptionForeground, #9d9d9d); margin-top: 6px; }
.swatch { display: inline-block; width: 11px; height: 11px; vertical-align: -1px; margin-right: 4px; border: 1px solid var(--vscode-panel-border, #454545); }
.sw-changed { width: 9px; height: 9px; border: 2px solid var(--vscode-charts-yellow, #e2c08d); background: transparent; }
.sw-wrong { background: var(--vscode-errorForeground, #f48771); }
.sw-given { background: var(--vscode-editor-foreground, #cccccc); }
.sw-predicted { background: var(--vscode-charts-blue, #4daafc); }
.sw-heat { width: 60px; background: linear-gradient(to right, hsl(0,85%,45%), hsl(60,85%,45%), hsl(120,85%,45%)); }
.summary { margin: 6px 0; font-variant-numeric: tabular-nums; }
.history table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin-top: 4px; }
.history th, .history td { padding: 1px 10px 1px 0; text-align: left; }
.history tr.current td { color: var(--vscode-textLink-foreground, #3794ff); font-weight: 600; }
.history td.wrong { color: var(--vscode-errorForeground, #f48771); }
.hidden { display: none !important; }
body.vscode-high-contrast button, body.vscode-high-contrast-light button { border-color: var(--vscode-contrastBorder, #6fc3df); }
`;

export function traceHtml(o: HtmlOptions): string {
  const title = escapeAttr(o.title ?? 'Reasoning trace');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${title}</title>
<style nonce="${escapeAttr(o.nonce)}">${STYLE}</style>
</head>
<body>
<main id="app" aria-label="Reasoning trace"></main>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
