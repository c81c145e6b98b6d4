// The generated module as page markup: one element per line carrying data-line="<n>" (from 1),
// with a light highlighting of comments, keywords and numbers. All text is HTML-escaped.
import { escapeHtml } from "./text.ts";

const TOKEN =
  /(\/\/.*$|\/\*.*?\*\/|\/\*\*.*$|^\s*\*.*$)|\b(const|let|for|if|else|return|function|class|export|new|private|this|throw|readonly|void|number|typeof)\b|(\b\d+(?:\.\d+)?(?:e[+-]?\d+)?\b)/g;

export function highlight(line: string): string {
  let out = "";
  let last = 0;
  for (const m of line.matchAll(TOKEN)) {
    out += escapeHtml(line.slice(last, m.index));
    const cls = m[1] !== undefined ? "c" : m[2] !== undefined ? "k" : "n";
    out += `<span class="${cls}">${escapeHtml(m[0])}</span>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(line.slice(last));
}

export function codeListing(code: string): string {
  const lines = code.replace(/\n$/, "").split("\n");
  return lines
    .map((l, i) => `<div class="line" data-line="${i + 1}"><span class="ln">${i + 1}</span><code>${highlight(l) || " "}</code></div>`)
    .join("");
}
