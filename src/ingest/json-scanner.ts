import { UnifiedSchemaError } from '../errors.js';
/**
 * Splits streamed JSON text into values without holding more than one value in memory: the
 * elements of a top-level array, or a sequence of top-level values (NDJSON, concatenated JSON, a
 * single object). It only finds where each value starts and ends (strings, escapes, nesting);
 * `JSON.parse` decodes each value and reports malformed ones.
 */

export interface ScannedValue {
  text: string;
  /** 1-based line where the value starts. */
  line: number;
  /** True for a value at the top level, false for an element of a top-level array. */
  topLevel: boolean;
  /** Nested deeper than `maxDepth`: not decoded (the record is rejected). */
  tooDeep: boolean;
}

/** Malformed or oversized JSON input (`code: 'malformed_json'`); `line` is where it was found. */
export class JsonScanError extends UnifiedSchemaError {
  override readonly name = 'JsonScanError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super('malformed_json', message);
  }
}

// Where the scanner is between values.
const S = { Start: 0, Top: 1, ArrayValueOrEnd: 2, ArrayValue: 3, ArrayCommaOrEnd: 4, AfterArray: 5 } as const;
type ScanState = (typeof S)[keyof typeof S];

const QUOTE = 34;
const BACKSLASH = 92;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const COMMA = 44;
const NEWLINE = 10;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

function describeChar(c: number): string {
  return JSON.stringify(String.fromCharCode(c));
}

export class JsonScanner {
  private state: ScanState = S.Start;
  private line = 1;
  private inValue = false;
  private depth = 0;
  private maxSeenDepth = 0;
  private inString = false;
  private escape = false;
  private scalar = false;
  private parts: string[] = [];
  private partsLength = 0;
  private valueLine = 1;
  private valueTop = true;

  constructor(
    private readonly maxValueChars: number,
    private readonly maxDepth: number,
  ) {}

  /** Feeds a chunk of text; returns the values it completed. */
  push(s: string): ScannedValue[] {
    const out: ScannedValue[] = [];
    const n = s.length;
    let start = 0;
    let i = 0;
    while (i < n) {
      if (this.inValue) {
        if (this.inString) {
          // Jump from quote to quote; a quote after an odd run of backslashes is escaped.
          // (A raw line break cannot be inside a valid string, so lines are not counted here.)
          if (this.escape) {
            this.escape = false;
            i++;
          }
          let closed = false;
          while (i < n) {
            const q = s.indexOf('"', i);
            if (q === -1) {
              let k = n - 1;
              while (k >= i && s.charCodeAt(k) === BACKSLASH) k--;
              this.escape = (n - 1 - k) % 2 === 1;
              i = n;
              break;
            }
            let k = q - 1;
            while (k >= i && s.charCodeAt(k) === BACKSLASH) k--;
            i = q + 1;
            if ((q - 1 - k) % 2 === 0) {
              closed = true;
              break;
            }
          }
          if (!closed) break;
          this.inString = false;
          if (this.depth === 0) {
            out.push(this.finish(s, start, i));
          }
          continue;
        }
        if (this.scalar) {
          for (; i < n; i++) {
            const c = s.charCodeAt(i);
            if (isSpace(c) || c === COMMA || c === RBRACKET || c === RBRACE) break;
          }
          if (i === n) break;
          out.push(this.finish(s, start, i));
          continue;
        }
        let done = false;
        for (; i < n; i++) {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.inString = true;
            i++;
            break;
          }
          if (c === LBRACE || c === LBRACKET) {
            this.depth++;
            if (this.depth > this.maxSeenDepth) this.maxSeenDepth = this.depth;
          } else if (c === RBRACE || c === RBRACKET) {
            this.depth--;
            if (this.depth === 0) {
              i++;
              done = true;
              break;
            }
          } else if (c === NEWLINE) this.line++;
        }
        if (done) out.push(this.finish(s, start, i));
        continue;
      }
      // Between values.
      const c = s.charCodeAt(i);
      if (isSpace(c)) {
        if (c === NEWLINE) this.line++;
        i++;
        continue;
      }
      switch (this.state) {
        case S.Start:
          if (c === LBRACKET) {
            this.state = S.ArrayValueOrEnd;
            i++;
            continue;
          }
          this.state = S.Top;
          break;
        case S.Top:
          break;
        case S.ArrayValueOrEnd:
          if (c === RBRACKET) {
            this.state = S.AfterArray;
            i++;
            continue;
          }
          break;
        case S.ArrayValue:
          if (c === RBRACKET) throw new JsonScanError(`malformed JSON at line ${this.line}: a comma before "]"`, this.line);
          break;
        case S.ArrayCommaOrEnd:
          if (c === COMMA) {
            this.state = S.ArrayValue;
            i++;
            continue;
          }
          if (c === RBRACKET) {
            this.state = S.AfterArray;
            i++;
            continue;
          }
          throw new JsonScanError(`malformed JSON at line ${this.line}: expected "," or "]" after an array element, found ${describeChar(c)}`, this.line);
        case S.AfterArray:
          throw new JsonScanError(`malformed JSON at line ${this.line}: unexpected ${describeChar(c)} after the end of the top-level array`, this.line);
      }
      // A value starts here.
      this.inValue = true;
      this.valueLine = this.line;
      this.valueTop = this.state === S.Top;
      this.depth = 0;
      this.maxSeenDepth = 0;
      start = i;
      if (c === LBRACE || c === LBRACKET) {
        this.depth = 1;
        this.maxSeenDepth = 1;
        i++;
      } else if (c === QUOTE) {
        this.inString = true;
        i++;
      } else if (c === 45 || (c >= 48 && c <= 57) || c === 116 || c === 102 || c === 110) {
        this.scalar = true;
      } else {
        throw new JsonScanError(`malformed JSON at line ${this.line}: unexpected ${describeChar(c)}`, this.line);
      }
    }
    if (this.inValue) {
      const rest = s.slice(start);
      this.partsLength += rest.length;
      if (this.partsLength > this.maxValueChars) {
        throw new JsonScanError(
          `the record starting at line ${this.valueLine} is larger than ${this.maxValueChars} characters (is the file truncated or not JSON?)`,
          this.valueLine,
        );
      }
      this.parts.push(rest);
    }
    return out;
  }

  /** Ends the input; returns a last scalar value or throws when a value or the array is unfinished. */
  end(): ScannedValue[] {
    const out: ScannedValue[] = [];
    if (this.inValue) {
      if (!this.scalar || this.inString) {
        throw new JsonScanError(`malformed JSON: unexpected end of input inside the record starting at line ${this.valueLine}`, this.valueLine);
      }
      out.push(this.finish('', 0, 0));
    }
    if (this.state === S.ArrayValueOrEnd || this.state === S.ArrayValue || this.state === S.ArrayCommaOrEnd) {
      throw new JsonScanError(`malformed JSON: unexpected end of input, the top-level array is not closed (line ${this.line})`, this.line);
    }
    return out;
  }

  private finish(s: string, start: number, end: number): ScannedValue {
    const piece = s.slice(start, end);
    let text: string;
    if (this.parts.length) {
      this.parts.push(piece);
      text = this.parts.join('');
      this.parts = [];
    } else text = piece;
    if (text.length > this.maxValueChars) {
      throw new JsonScanError(`the record starting at line ${this.valueLine} is larger than ${this.maxValueChars} characters`, this.valueLine);
    }
    this.partsLength = 0;
    this.inValue = false;
    this.scalar = false;
    const value: ScannedValue = { text, line: this.valueLine, topLevel: this.valueTop, tooDeep: this.maxSeenDepth > this.maxDepth };
    if (this.state !== S.Top) this.state = S.ArrayCommaOrEnd;
    return value;
  }
}
