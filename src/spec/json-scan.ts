// Finds where JSON text first stops being valid, for V8 messages that give no position
// ("Unexpected token 'x', "..." is not valid JSON"). Returns undefined for valid text.

class Stop {
  constructor(readonly at: number) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
const HEX4 = /[0-9a-fA-F]{4}/y;

/** Offset of the first character at which `text` is not valid JSON, or undefined if it is valid. */
export function syntaxErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new Stop(i);
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const expect = (c: string) => (text[i] === c ? i++ : fail());

  const literal = (word: string) => {
    for (const c of word) expect(c);
  };
  const number = () => {
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail();
    i = NUMBER.lastIndex;
  };
  const string = () => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < " ") fail();
      if (c === '"') return void i++;
      if (c === "\\") {
        i++;
        if (text[i] === "u") {
          HEX4.lastIndex = ++i;
          if (!HEX4.test(text)) fail();
          i += 4;
        } else if (ESCAPES.has(text[i])) i++;
        else fail();
      } else i++;
    }
  };
  const items = (close: string, item: () => void) => {
    i++;
    ws();
    if (text[i] === close) return void i++;
    for (;;) {
      item();
      ws();
      if (text[i] === close) return void i++;
      expect(",");
      ws();
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{") {
      items("}", () => {
        string();
        ws();
        expect(":");
        value();
      });
    } else if (c === "[") items("]", value);
    else if (c === '"') string();
    else if (c === "t") literal("true");
    else if (c === "f") literal("false");
    else if (c === "n") literal("null");
    else if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) number();
    else fail();
  };

  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return e.at;
    return undefined; // e.g. nesting too deep for the stack: no position rather than a crash
  }
}
