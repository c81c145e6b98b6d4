// Lexical rules shared by the IR printer and parser: when a name is printed bare and when it is
// quoted, so that any spec name (quotes, newlines, unicode) round-trips exactly.

const BARE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.~-]*$/;

/** A value reference: `%dense1.kernel`, or `%"any string"` when not a bare name. */
export function formatId(id: string): string {
  return BARE_NAME.test(id) ? `%${id}` : `%${JSON.stringify(id)}`;
}

/** The graph's name: bare, or JSON-quoted. */
export function formatName(name: string): string {
  return BARE_NAME.test(name) ? name : JSON.stringify(name);
}

/** A trailing comment: raw when it reads back unchanged, JSON-quoted otherwise. */
export function formatComment(comment: string): string {
  const safe = /^[^\s"][^\x00-\x1f\x7f\u2028\u2029]*$/.test(comment) && comment.trimEnd() === comment;
  return safe ? comment : JSON.stringify(comment);
}

export function formatNumber(x: number): string {
  return Object.is(x, -0) ? "-0" : String(x);
}
