// The Madoguchi expression language in the browser (docs/expressions.md). Enhancement only: the server
// (Madoguchi.Core.Expressions) is authoritative and re-checks everything. This file mirrors the C# code rule for
// rule and must give identical results on tests/vectors/expressions.json (run in Chromium by Madoguchi.E2E).
// Plain script for <script defer src>: no modules, no eval, no new Function, nothing inline, so it runs under a
// strict Content-Security-Policy. Numbers are decimals on BigInt scaled by 10^10: never JavaScript floats.
(function (global) {
  'use strict';

  // ---------------------------------------------------------------------------------------------------------
  // Numbers: BigInt scaled by 10^10, every result rounded half away from zero, magnitude below 10^18.

  var SCALE = 10000000000n;
  var LIMIT = 10000000000000000000000000000n; // 10^18 scaled
  var MAX_DECIMALS = 10;

  /** A number of the language: `s` is the value times 10^10. */
  function Num(scaled) { this.s = scaled; }
  Num.prototype.toString = function () { return formatScaled(this.s); };

  /** A calendar date: `n` is the day number (days since 0001-01-01, as .NET's DateOnly.DayNumber). */
  function Day(n) { this.n = n; }
  Day.prototype.toString = function () { return formatDay(this.n); };

  function abs(x) { return x < 0n ? -x : x; }

  function formatScaled(s) {
    if (s === 0n) { return '0'; }
    var a = abs(s);
    var fraction = (a % SCALE).toString().padStart(MAX_DECIMALS, '0').replace(/0+$/, '');
    return (s < 0n ? '-' : '') + (a / SCALE).toString() + (fraction ? '.' + fraction : '');
  }

  /** "-12.345" to a scaled BigInt, rounded half away from zero to 10 decimals; null when not a decimal. */
  function parseScaled(text) {
    var m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) { return null; }
    var fraction = m[3] || '';
    var roundUp = fraction.length > MAX_DECIMALS && fraction.charAt(MAX_DECIMALS) >= '5';
    var v = BigInt(m[2]) * SCALE + BigInt((fraction + '0000000000').slice(0, MAX_DECIMALS)) + (roundUp ? 1n : 0n);
    return m[1] && v !== 0n ? -v : v;
  }

  function divRound(n, d) {
    var q = n / d;
    var r = n % d;
    if (r !== 0n && 2n * abs(r) >= abs(d)) { q += ((n < 0n) !== (d < 0n)) ? -1n : 1n; }
    return q;
  }

  function checked(s) { return abs(s) < LIMIT ? s : null; }

  var Arith = {
    add: function (a, b) { return checked(a + b); },
    sub: function (a, b) { return checked(a - b); },
    mul: function (a, b) { return checked(divRound(a * b, SCALE)); },
    div: function (a, b) { return checked(divRound(a * SCALE, b)); },
    mod: function (a, b) {
      var r = a % b;
      if (r !== 0n && (r < 0n) !== (b < 0n)) { r += b; }
      return r;
    },
    round: function (x, digits) {
      var unit = 10n ** BigInt(MAX_DECIMALS - digits);
      return checked(divRound(x, unit) * unit);
    },
    floor: function (x) {
      var q = x / SCALE;
      if (x % SCALE !== 0n && x < 0n) { q -= 1n; }
      return checked(q * SCALE);
    },
    ceil: function (x) {
      var q = x / SCALE;
      if (x % SCALE !== 0n && x > 0n) { q += 1n; }
      return checked(q * SCALE);
    }
  };

  function isWhole(s) { return s % SCALE === 0n; }

  function numOf(i) { return new Num(BigInt(i) * SCALE); }

  // ---------------------------------------------------------------------------------------------------------
  // Dates: day numbers, proleptic Gregorian calendar, 0001-01-01 to 9999-12-31.

  var MIN_DAY = 0;
  var MAX_DAY = 3652058;

  function isLeap(y) { return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0; }

  function daysInMonth(y, m) { return m === 2 ? (isLeap(y) ? 29 : 28) : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]; }

  function dayNumber(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400);
    var yoe = y - era * 400;
    var doy = Math.floor((153 * ((m + 9) % 12) + 2) / 5) + d - 1;
    var doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 306;
  }

  function civil(n) {
    var z = n + 306;
    var era = Math.floor(z / 146097);
    var doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153);
    var d = doy - Math.floor((153 * mp + 2) / 5) + 1;
    var m = mp < 10 ? mp + 3 : mp - 9;
    return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m: m, d: d };
  }

  function pad(n, width) { return String(n).padStart(width, '0'); }

  function formatDay(n) { var c = civil(n); return pad(c.y, 4) + '-' + pad(c.m, 2) + '-' + pad(c.d, 2); }

  function makeDay(y, m, d) {
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m) ? new Day(dayNumber(y, m, d)) : null;
  }

  /** yyyy-m-d or yyyy/m/d (one separator kind, 全角 accepted); null when not a real date. */
  function parseDay(text) {
    var i = 0;
    function digits(min, max) {
      var value = 0;
      var count = 0;
      while (i < text.length && count < max) {
        var c = narrow(text.charCodeAt(i));
        if (c < 48 || c > 57) { break; }
        value = value * 10 + (c - 48);
        count++;
        i++;
      }
      return count >= min ? value : null;
    }
    var y = digits(4, 4);
    if (y === null || i >= text.length) { return null; }
    var sep = narrow(text.charCodeAt(i));
    if (sep !== 45 && sep !== 47) { return null; }
    i++;
    var m = digits(1, 2);
    if (m === null || i >= text.length || narrow(text.charCodeAt(i)) !== sep) { return null; }
    i++;
    var d = digits(1, 2);
    if (d === null || i !== text.length) { return null; }
    return makeDay(y, m, d);
  }

  function addMonths(day, months) {
    var c = civil(day.n);
    var total = c.y * 12 + (c.m - 1) + months;
    if (total < 12 || total >= 120000) { return null; }
    var y = Math.floor(total / 12);
    var m = total % 12 + 1;
    return new Day(dayNumber(y, m, Math.min(c.d, daysInMonth(y, m))));
  }

  /** Full years (年齢計算ニ関スル法律; 29 February birthdays change on 1 March in common years); null before birth. */
  function age(birth, at) {
    if (at.n < birth.n) { return null; }
    var b = civil(birth.n);
    var a = civil(at.n);
    var years = a.y - b.y;
    var m = b.m;
    var d = b.d;
    if (b.m === 2 && b.d === 29 && !isLeap(a.y)) { m = 3; d = 1; }
    if (a.m < m || (a.m === m && a.d < d)) { years--; }
    return years;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Messages (the same texts as ExprMessages.cs), Japanese first.

  function msg(ja, en) { return { ja: ja, en: en }; }

  var M = {
    empty: function () { return msg('式が空です。', 'The expression is empty.'); },
    tooLong: function (max) { return msg('式が長すぎます（' + max + ' 文字まで）。', 'The expression is too long (at most ' + max + ' characters).'); },
    tooDeep: function () { return msg('かっこや演算子の入れ子が深すぎます。', 'The expression is nested too deeply.'); },
    unexpectedChar: function (c) { return msg('「' + c + '」は式に使えない文字です。', "The character '" + c + "' cannot be used in an expression."); },
    unclosedText: function (q) { return msg('文字列を閉じる ' + q + ' がありません。', 'The text has no closing ' + q + '.'); },
    numberTooLarge: function () { return msg('数値が大きすぎます（10^18 未満にしてください）。', 'The number is too large (it must be below 10^18).'); },
    numberTooPrecise: function () { return msg('小数点以下は 10 桁までです。', 'At most 10 digits may follow the decimal point.'); },
    unexpectedEnd: function () { return msg('式が途中で終わっています。', 'The expression ends too early.'); },
    unexpectedToken: function (t) { return msg('ここに「' + t + '」は置けません。', "'" + t + "' is not expected here."); },
    unclosedParen: function () { return msg('この「(」を閉じる「)」がありません。', "This '(' has no matching ')'."); },
    expectedName: function () { return msg('「.」の後には項目名が必要です。', "A member name must follow '.'."); },
    chainedComparison: function () { return msg('比較は一度に一つだけです（例: 1 <= x and x <= 5）。', 'Only one comparison at a time (write e.g. 1 <= x and x <= 5).'); },
    unknownField: function (id) { return msg('項目「' + id + '」はありません。', "There is no field '" + id + "'."); },
    unknownMember: function (target, member) { return msg('「' + target + '」に「' + member + '」はありません。', "'" + target + "' has no member '" + member + "'."); },
    unknownFunction: function (name) { return msg('関数「' + name + '」はありません。', "There is no function '" + name + "'."); },
    wrongArity: function (name, min, max, given) {
      var ja, en;
      if (min === max) {
        ja = min + ' 個';
        en = min === 1 ? '1 argument' : min + ' arguments';
      } else if (max === Infinity) {
        ja = min + ' 個以上';
        en = 'at least ' + min + ' argument' + (min === 1 ? '' : 's');
      } else {
        ja = min + ' 個か ' + max + ' 個';
        en = min + ' or ' + max + ' arguments';
      }
      return msg(name + ' の引数は ' + ja + 'です（' + given + ' 個あります）。', name + ' takes ' + en + ', not ' + given + '.');
    },
    mismatch: function (what, expected, actual) {
      var a = M.typeName(actual);
      return msg(what.ja + 'には' + expected.ja + 'が必要ですが、' + a.ja + 'です。', what.en + ' needs ' + expected.en + ', but this is ' + a.en + '.');
    },
    notComparable: function (op, left, right) {
      var l = M.typeName(left);
      var r = M.typeName(right);
      return msg('「' + op + '」で' + l.ja + 'と' + r.ja + 'は比べられません。', "'" + op + "' cannot compare " + l.en + ' with ' + r.en + '.');
    },
    notSameType: function (name, first, other) {
      var f = M.typeName(first);
      var o = M.typeName(other);
      return msg(name + ' の結果の型がそろっていません（' + f.ja + 'と' + o.ja + '）。', 'The results of ' + name + ' must have one type (' + f.en + ' and ' + o.en + ').');
    },
    invalidDateLiteral: function (t) { return msg('「' + t + '」は日付ではありません（例: \'2026-04-01\'）。', "'" + t + "' is not a date (write e.g. '2026-04-01')."); },
    operator: function (op) { return msg('「' + op + '」', "'" + op + "'"); },
    argument: function (fn, index) { return msg(fn + ' の ' + index + ' 番目の引数', 'Argument ' + index + ' of ' + fn); },
    needNumber: msg('数値', 'a number'),
    needBool: msg('条件（真偽値）', 'a condition (true/false)'),
    needText: msg('文字列', 'text'),
    needDate: msg('日付', 'a date'),
    needList: msg('リスト（繰り返し項目か複数選択）', 'a list (a repeat group or a multiple choice)'),
    needConcatenable: msg('文字列・数値・日付', 'text, a number or a date'),
    needNumbers: msg('数値か数値のリスト', 'numbers or lists of numbers'),
    needNumbersOrDates: msg('数値か日付（またはそのリスト）', 'numbers or dates (or lists of them)'),
    needChoice: msg('選択肢の項目（文字列か文字列のリスト）', 'a choice field (text or a list of text)'),
    typeName: function (t) {
      switch (t.kind) {
        case 'unknown': return msg('不明な値', 'an unknown value');
        case 'null': return msg('空欄（null）', 'blank (null)');
        case 'number': return msg('数値', 'a number');
        case 'text': return msg('文字列', 'text');
        case 'bool': return msg('真偽値', 'true/false');
        case 'date': return msg('日付', 'a date');
        case 'list':
          var e = M.typeName(t.element);
          return msg(e.ja + 'のリスト', 'a list of (' + e.en + ')');
        default: return msg('複合項目', 'a composite field');
      }
    },
    divisionByZero: function () { return msg('0 で割ることはできません。', 'Division by zero.'); },
    resultTooLarge: function () { return msg('計算結果が大きすぎます（10^18 以上）。', 'The result is too large (10^18 or more).'); },
    invalidDate: function (t) { return msg('「' + t + '」は日付ではありません。', "'" + t + "' is not a date."); },
    dateOutOfRange: function () { return msg('日付が範囲外です（0001-01-01〜9999-12-31）。', 'The date is out of range (0001-01-01 to 9999-12-31).'); },
    wholeNumberNeeded: function (fn) { return msg(fn + ' には整数が必要です。', fn + ' needs a whole number.'); },
    roundDigits: function () { return msg('round の桁数は -17 から 10 までの整数です。', 'The digits of round must be a whole number from -17 to 10.'); },
    birthAfterDate: function () { return msg('生年月日が基準日より後です。', 'The birth date is after the date the age is computed for.'); },
    wrongValueType: function () { return msg('値の型が合いません。', 'A value has the wrong type.'); }
  };

  // ---------------------------------------------------------------------------------------------------------
  // Functions: canonical names and argument counts.

  var FUNCTIONS = [
    ['if', 3, 3], ['min', 1, Infinity], ['max', 1, Infinity], ['sum', 1, Infinity], ['avg', 1, Infinity],
    ['count', 1, 1], ['round', 1, 2], ['floor', 1, 1], ['ceil', 1, 1], ['abs', 1, 1], ['len', 1, 1],
    ['isBlank', 1, 1], ['coalesce', 1, Infinity], ['selected', 2, 2], ['contains', 2, 2], ['today', 0, 0],
    ['date', 1, 3], ['year', 1, 1], ['month', 1, 1], ['day', 1, 1], ['addDays', 2, 2], ['addMonths', 2, 2],
    ['days', 2, 2], ['age', 1, 2]
  ];
  var functionsByName = new Map();
  FUNCTIONS.forEach(function (f) { functionsByName.set(f[0].toLowerCase(), { name: f[0], min: f[1], max: f[2] }); });

  function lookupFunction(name) { return functionsByName.get(name.toLowerCase()) || null; }

  function acceptsCount(f, count) { return count >= f.min && count <= f.max && !(f.name === 'date' && count === 2); }

  // ---------------------------------------------------------------------------------------------------------
  // Lexer.

  var KEYWORDS = { and: 'and', or: 'or', not: 'not', true: 'true', false: 'false', null: 'null' };
  var MAX_LENGTH = 2000;
  var MAX_DEPTH = 50;

  /** The 半角 code of a character outside quotes (全角 ASCII except ＂＇, ideographic space, − × ÷). */
  function narrow(c) {
    if (c === 0xFF02 || c === 0xFF07) { return c; }
    if (c >= 0xFF01 && c <= 0xFF5E) { return c - 0xFEE0; }
    if (c === 0x3000 || c === 0x00A0) { return 32; }
    if (c === 0x2212) { return 45; }
    if (c === 0x00D7) { return 42; }
    if (c === 0x00F7) { return 47; }
    return c;
  }

  function isDigit(c) { return c >= 48 && c <= 57; }
  function isLetter(c) { return (c >= 65 && c <= 90) || (c >= 97 && c <= 122); }

  function SyntaxProblem(code, start, length, message) {
    this.diagnostic = { kind: 'parse', code: code, start: start, length: length, ja: message.ja, en: message.en };
  }

  function tokenize(src) {
    var tokens = [];
    var i = 0;
    for (;;) {
      while (i < src.length) {
        var w = narrow(src.charCodeAt(i));
        if (w !== 32 && w !== 9 && w !== 13 && w !== 10) { break; }
        i++;
      }
      if (i >= src.length) {
        tokens.push({ k: 'end', s: src.length, l: 0, t: '' });
        return tokens;
      }
      var start = i;
      var c = narrow(src.charCodeAt(i));
      if (c === 39 || c === 34) {
        tokens.push(readText(src, i));
        i = tokens[tokens.length - 1].end;
      } else if (isDigit(c)) {
        var number = readNumber(src, i);
        tokens.push(number);
        i = number.end;
      } else if (isLetter(c)) {
        var name = '';
        while (i < src.length) {
          var n = narrow(src.charCodeAt(i));
          if (!(isLetter(n) || isDigit(n) || n === 95)) { break; }
          name += String.fromCharCode(n);
          i++;
        }
        var keyword = Object.prototype.hasOwnProperty.call(KEYWORDS, name.toLowerCase()) ? KEYWORDS[name.toLowerCase()] : null;
        tokens.push({ k: keyword || 'name', s: start, l: i - start, t: name });
      } else {
        var next = i + 1 < src.length ? narrow(src.charCodeAt(i + 1)) : 0;
        var ch = String.fromCharCode(c);
        var nx = String.fromCharCode(next);
        var kind = null;
        var length = 1;
        switch (ch) {
          case '+': kind = '+'; break;
          case '-': kind = '-'; break;
          case '*': kind = '*'; break;
          case '/': kind = '/'; break;
          case '%': kind = '%'; break;
          case '&': if (nx === '&') { kind = 'and'; length = 2; } else { kind = '&'; } break;
          case '|': if (nx === '|') { kind = 'or'; length = 2; } break;
          case '=': kind = '='; length = nx === '=' ? 2 : 1; break;
          case '!': if (nx === '=') { kind = '!='; length = 2; } break;
          case '<':
            if (nx === '=') { kind = '<='; length = 2; } else if (nx === '>') { kind = '!='; length = 2; } else { kind = '<'; }
            break;
          case '>': if (nx === '=') { kind = '>='; length = 2; } else { kind = '>'; } break;
          case '\u2266': case '\u2264': kind = '<='; break;
          case '\u2267': case '\u2265': kind = '>='; break;
          case '\u2260': kind = '!='; break;
          case '(': kind = '('; break;
          case ')': kind = ')'; break;
          case ',': kind = ','; break;
          case '.': kind = '.'; break;
        }
        if (kind === null) {
          var hi = src.charCodeAt(i);
          var width = hi >= 0xD800 && hi <= 0xDBFF && i + 1 < src.length && (src.charCodeAt(i + 1) & 0xFC00) === 0xDC00 ? 2 : 1;
          throw new SyntaxProblem('unexpected-char', i, width, M.unexpectedChar(src.substr(i, width)));
        }
        i += length;
        tokens.push({ k: kind, s: start, l: length, t: src.substr(start, length) });
      }
    }
  }

  function readText(src, i) {
    var start = i;
    var quote = src.charAt(i);
    var text = '';
    i++;
    for (;;) {
      if (i >= src.length) {
        throw new SyntaxProblem('unclosed-text', start, src.length - start, M.unclosedText(quote));
      }
      if (src.charAt(i) === quote) {
        if (i + 1 < src.length && src.charAt(i + 1) === quote) {
          text += quote;
          i += 2;
          continue;
        }
        i++;
        return { k: 'text', s: start, l: i - start, t: text, end: i };
      }
      text += src.charAt(i);
      i++;
    }
  }

  function readNumber(src, i) {
    var start = i;
    var digits = '';
    function read() {
      while (i < src.length) {
        var c = narrow(src.charCodeAt(i));
        if (isDigit(c)) {
          digits += String.fromCharCode(c);
          i++;
        } else if (c === 95 && digits.length > 0 && isDigit(digits.charCodeAt(digits.length - 1)) &&
          i + 1 < src.length && isDigit(narrow(src.charCodeAt(i + 1)))) {
          i++;
        } else {
          return;
        }
      }
    }
    read();
    var decimals = 0;
    if (i + 1 < src.length && narrow(src.charCodeAt(i)) === 46 && isDigit(narrow(src.charCodeAt(i + 1)))) {
      digits += '.';
      i++;
      var before = digits.length;
      read();
      decimals = digits.length - before;
    }
    if (decimals > MAX_DECIMALS) {
      throw new SyntaxProblem('number-too-precise', start, i - start, M.numberTooPrecise());
    }
    var integer = (decimals > 0 ? digits.slice(0, digits.indexOf('.')) : digits).replace(/^0+/, '');
    if (integer.length > 18) {
      throw new SyntaxProblem('number-too-large', start, i - start, M.numberTooLarge());
    }
    return { k: 'number', s: start, l: i - start, t: src.slice(start, i), n: parseScaled(digits), end: i };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Parser: the same recursive descent as ExprParser.cs. Nodes: {kind, start, length, ...}.

  var COMPARISONS = { '=': '=', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

  function node(props, start, end) { props.start = start; props.length = end - start; return props; }

  function endOf(e) { return e.start + e.length; }

  function binary(op, left, right) { return node({ kind: 'binary', op: op, left: left, right: right }, left.start, endOf(right)); }

  function Parser(src, tokens) {
    this.src = src;
    this.tokens = tokens;
    this.pos = 0;
    this.depth = 0;
  }

  Parser.prototype.cur = function () { return this.tokens[this.pos]; };

  Parser.prototype.unexpected = function (t) {
    return t.k === 'end'
      ? new SyntaxProblem('unexpected-end', t.s, 0, M.unexpectedEnd())
      : new SyntaxProblem('unexpected-token', t.s, t.l, M.unexpectedToken(this.src.substr(t.s, t.l)));
  };

  Parser.prototype.nested = function (parse) {
    if (++this.depth > MAX_DEPTH) {
      throw new SyntaxProblem('too-deep', this.cur().s, this.cur().l, M.tooDeep());
    }
    var result = parse.call(this);
    this.depth--;
    return result;
  };

  Parser.prototype.expression = function () { return this.nested(this.or); };

  Parser.prototype.or = function () {
    var left = this.and();
    while (this.cur().k === 'or') {
      this.pos++;
      left = binary('or', left, this.and());
    }
    return left;
  };

  Parser.prototype.and = function () {
    var left = this.not();
    while (this.cur().k === 'and') {
      this.pos++;
      left = binary('and', left, this.not());
    }
    return left;
  };

  Parser.prototype.not = function () {
    if (this.cur().k !== 'not') { return this.comparison(); }
    var start = this.cur().s;
    this.pos++;
    var operand = this.nested(this.not);
    return node({ kind: 'unary', op: 'not', operand: operand }, start, endOf(operand));
  };

  Parser.prototype.comparison = function () {
    var left = this.concat();
    var op = COMPARISONS[this.cur().k];
    if (!op) { return left; }
    this.pos++;
    var result = binary(op, left, this.concat());
    if (COMPARISONS[this.cur().k]) {
      throw new SyntaxProblem('chained-comparison', this.cur().s, this.cur().l, M.chainedComparison());
    }
    return result;
  };

  Parser.prototype.concat = function () {
    var left = this.additive();
    while (this.cur().k === '&') {
      this.pos++;
      left = binary('&', left, this.additive());
    }
    return left;
  };

  Parser.prototype.additive = function () {
    var left = this.multiplicative();
    while (this.cur().k === '+' || this.cur().k === '-') {
      var op = this.cur().k;
      this.pos++;
      left = binary(op, left, this.multiplicative());
    }
    return left;
  };

  Parser.prototype.multiplicative = function () {
    var left = this.unary();
    while (this.cur().k === '*' || this.cur().k === '/' || this.cur().k === '%') {
      var op = this.cur().k;
      this.pos++;
      left = binary(op, left, this.unary());
    }
    return left;
  };

  Parser.prototype.unary = function () {
    if (this.cur().k === '+') {
      this.pos++;
      return this.nested(this.unary);
    }
    if (this.cur().k !== '-') { return this.postfix(); }
    var start = this.cur().s;
    this.pos++;
    var operand = this.nested(this.unary);
    return node({ kind: 'unary', op: '-', operand: operand }, start, endOf(operand));
  };

  Parser.prototype.postfix = function () {
    var target = this.primary();
    while (this.cur().k === '.') {
      this.pos++;
      var t = this.cur();
      if (t.k !== 'name') {
        throw new SyntaxProblem('expected-name', t.s, t.k === 'end' ? 0 : t.l, M.expectedName());
      }
      this.pos++;
      target = node({ kind: 'member', target: target, member: t.t }, target.start, t.s + t.l);
    }
    return target;
  };

  Parser.prototype.primary = function () {
    var t = this.cur();
    switch (t.k) {
      case 'number':
        this.pos++;
        return node({ kind: 'number', value: t.n }, t.s, t.s + t.l);
      case 'text':
        this.pos++;
        return node({ kind: 'text', value: t.t }, t.s, t.s + t.l);
      case 'true':
      case 'false':
        this.pos++;
        return node({ kind: 'bool', value: t.k === 'true' }, t.s, t.s + t.l);
      case 'null':
        this.pos++;
        return node({ kind: 'null' }, t.s, t.s + t.l);
      case 'name':
        this.pos++;
        if (this.cur().k !== '(') { return node({ kind: 'field', name: t.t }, t.s, t.s + t.l); }
        var f = lookupFunction(t.t);
        var call = this.args();
        return node({ kind: 'call', name: f ? f.name : t.t, args: call.args }, t.s, call.end);
      case 'and':
      case 'or':
        if (this.tokens[this.pos + 1].k === '(') {
          this.pos++;
          var operands = this.args();
          if (operands.args.length < 2) {
            throw new SyntaxProblem('wrong-arity', t.s, operands.end - t.s,
              M.wrongArity(this.src.substr(t.s, t.l), 2, Infinity, operands.args.length));
          }
          var folded = operands.args[0];
          for (var i = 1; i < operands.args.length; i++) { folded = binary(t.k, folded, operands.args[i]); }
          return folded;
        }
        throw this.unexpected(t);
      case '(':
        this.pos++;
        var inner = this.expression();
        var closing = this.cur();
        this.expectClose(t);
        var copy = Object.assign({}, inner);
        copy.start = t.s;
        copy.length = closing.s + closing.l - t.s;
        return copy;
      default:
        throw this.unexpected(t);
    }
  };

  Parser.prototype.args = function () {
    var open = this.cur();
    this.pos++;
    var args = [];
    if (this.cur().k !== ')') {
      args.push(this.expression());
      while (this.cur().k === ',') {
        this.pos++;
        args.push(this.expression());
      }
    }
    var close = this.cur();
    this.expectClose(open);
    return { args: args, end: close.s + close.l };
  };

  Parser.prototype.expectClose = function (open) {
    if (this.cur().k === ')') {
      this.pos++;
      return;
    }
    throw this.cur().k === 'end' ? new SyntaxProblem('unclosed-paren', open.s, open.l, M.unclosedParen()) : this.unexpected(this.cur());
  };

  /** Parses an expression: {ast, errors}; errors holds at most the first problem. */
  function parse(src) {
    try {
      if (typeof src !== 'string') { throw new TypeError('The expression must be a string.'); }
      if (src.length > MAX_LENGTH) {
        throw new SyntaxProblem('too-long', MAX_LENGTH, src.length - MAX_LENGTH, M.tooLong(MAX_LENGTH));
      }
      var tokens = tokenize(src);
      if (tokens[0].k === 'end') { throw new SyntaxProblem('empty', 0, src.length, M.empty()); }
      var parser = new Parser(src, tokens);
      var ast = parser.expression();
      if (parser.cur().k !== 'end') { throw parser.unexpected(parser.cur()); }
      return { ast: ast, errors: [] };
    } catch (e) {
      if (e instanceof SyntaxProblem) { return { ast: null, errors: [e.diagnostic] }; }
      throw e;
    }
  }

  // ---------------------------------------------------------------------------------------------------------
  // Printer: canonical form with minimal parentheses (ExprPrinter.cs).

  var LEVEL = { 'or': 1, 'and': 2, 'not': 3, '=': 4, '!=': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, '&': 5, '+': 6, '-': 6, '*': 7, '/': 7, '%': 7 };
  var PREFIX = 8;
  var POSTFIX = 9;

  function quote(text) { return "'" + text.split("'").join("''") + "'"; }

  function levelOf(e) {
    switch (e.kind) {
      case 'binary': return LEVEL[e.op];
      case 'unary': return e.op === 'not' ? 3 : PREFIX;
      case 'member': return POSTFIX;
      default: return Infinity;
    }
  }

  function write(out, e, min) {
    var level = levelOf(e);
    var paren = level < min;
    if (paren) { out.push('('); }
    switch (e.kind) {
      case 'number': out.push(formatScaled(e.value)); break;
      case 'text': out.push(quote(e.value)); break;
      case 'bool': out.push(e.value ? 'true' : 'false'); break;
      case 'null': out.push('null'); break;
      case 'field': out.push(e.name); break;
      case 'member':
        write(out, e.target, POSTFIX);
        out.push('.', e.member);
        break;
      case 'unary':
        if (e.op === 'not') {
          out.push('not ');
          write(out, e.operand, 3);
        } else {
          out.push('-');
          write(out, e.operand, PREFIX);
        }
        break;
      case 'binary':
        var comparison = level === 4;
        write(out, e.left, comparison ? 5 : level);
        out.push(' ', e.op, ' ');
        write(out, e.right, comparison ? 5 : level + 1);
        break;
      case 'call':
        out.push(e.name, '(');
        e.args.forEach(function (a, i) {
          if (i > 0) { out.push(', '); }
          write(out, a, 0);
        });
        out.push(')');
        break;
      default:
        throw new Error('Unknown expression node ' + e.kind);
    }
    if (paren) { out.push(')'); }
  }

  function print(ast) {
    var out = [];
    write(out, ast, 0);
    return out.join('');
  }

  // ---------------------------------------------------------------------------------------------------------
  // Types and the type checker (ExprTypeChecker.cs).

  /** A type: kind, and the element type of a list or the members (Map) of a record. */
  function Ty(kind, element, members) {
    this.kind = kind;
    this.element = element || null;
    this.members = members || null;
  }

  var T = {
    unknown: new Ty('unknown'), null: new Ty('null'), number: new Ty('number'),
    text: new Ty('text'), bool: new Ty('bool'), date: new Ty('date')
  };

  function listOf(element) { return new Ty('list', element); }

  /** A type from its JSON form: "number" | "text" | "bool" | "date" | [T] | {member: T, ...}. */
  function parseType(json) {
    if (typeof json === 'string') {
      if (json === 'number' || json === 'text' || json === 'bool' || json === 'date') { return T[json]; }
      throw new Error("Unknown type '" + json + "'.");
    }
    if (Array.isArray(json) && json.length === 1) { return listOf(parseType(json[0])); }
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      var members = new Map();
      Object.keys(json).forEach(function (k) { members.set(k, parseType(json[k])); });
      return new Ty('record', null, members);
    }
    throw new Error('A type is a name, [T] or an object of member types.');
  }

  function typeEquals(a, b) {
    if (a === b) { return true; }
    if (a.kind !== b.kind) { return false; }
    if (a.kind === 'list') { return typeEquals(a.element, b.element); }
    if (a.kind === 'record') {
      if (a.members.size !== b.members.size) { return false; }
      var same = true;
      a.members.forEach(function (t, k) { same = same && b.members.has(k) && typeEquals(t, b.members.get(k)); });
      return same;
    }
    return true;
  }

  function typeName(t) {
    if (t.kind === 'list') { return 'list<' + typeName(t.element) + '>'; }
    if (t.kind === 'record') {
      var keys = Array.from(t.members.keys()).sort(ordinal);
      return 'record{' + keys.map(function (k) { return k + ': ' + typeName(t.members.get(k)); }).join(', ') + '}';
    }
    return t.kind;
  }

  function ordinal(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function member(t, name) { return t.kind === 'record' && t.members.has(name) ? t.members.get(name) : null; }

  function loose(t) { return t.kind === 'null' || t.kind === 'unknown'; }
  function numeric(t) { return loose(t) || t.kind === 'number'; }
  function boolish(t) { return loose(t) || t.kind === 'bool'; }
  function textish(t) { return loose(t) || t.kind === 'text'; }
  function dateish(t) { return loose(t) || t.kind === 'date'; }
  function concatenable(t) { return loose(t) || t.kind === 'text' || t.kind === 'number' || t.kind === 'date'; }
  function primitive(t) { return t.kind === 'number' || t.kind === 'text' || t.kind === 'bool' || t.kind === 'date'; }
  function ordered(t) { return t.kind === 'number' || t.kind === 'text' || t.kind === 'date'; }
  function elementOrSelf(t) { return t.kind === 'list' ? t.element : t; }
  function isList(t) { return t.kind === 'list' || loose(t); }
  function equatable(a, b) { return loose(a) || loose(b) || (primitive(a) && a.kind === b.kind); }
  function orderable(a, b) {
    return (loose(a) && (loose(b) || ordered(b))) || (loose(b) && ordered(a)) || (ordered(a) && a.kind === b.kind);
  }

  function unifyTypes(a, b) {
    if (loose(a)) { return b; }
    if (loose(b) || typeEquals(a, b)) { return a; }
    if (a.kind === 'list' && b.kind === 'list') {
      var element = unifyTypes(a.element, b.element);
      return element ? listOf(element) : null;
    }
    return null;
  }

  /** Checks an expression against a schema ({fieldId: type JSON}); {type, errors} with the type's canonical name. */
  function check(ast, schema, rowGroup) {
    var fields = new Map();
    Object.keys(schema || {}).forEach(function (k) { fields.set(k, parseType(schema[k])); });
    var row = null;
    if (rowGroup !== undefined && rowGroup !== null) {
      var group = fields.get(rowGroup);
      if (!group || group.kind !== 'list' || group.element.kind !== 'record') {
        throw new Error("'" + rowGroup + "' is not a repeat group (a list of records) in the schema.");
      }
      row = group.element;
    }
    var errors = [];

    function error(code, start, length, message) {
      errors.push({ kind: 'type', code: code, start: start, length: length, ja: message.ja, en: message.en });
      return T.unknown;
    }

    function expect(ok, at, actual, what, expected) {
      if (!ok) { error('type-mismatch', at.start, at.length, M.mismatch(what, expected, actual)); }
      return ok;
    }

    function argument(c, types, index, accepts, expected) {
      return expect(accepts(types[index]), c.args[index], types[index], M.argument(c.name, index + 1), expected);
    }

    function unify(c, types, from) {
      var result = types[from];
      for (var i = from + 1; i < types.length; i++) {
        var unified = unifyTypes(result, types[i]);
        if (unified) {
          result = unified;
        } else {
          error('type-mismatch', c.args[i].start, c.args[i].length, M.notSameType(c.name, result, types[i]));
        }
      }
      return result;
    }

    function visit(e) {
      switch (e.kind) {
        case 'number': return T.number;
        case 'text': return T.text;
        case 'bool': return T.bool;
        case 'null': return T.null;
        case 'field':
          var own = row ? member(row, e.name) : null;
          if (own) { return own; }
          if (fields.has(e.name)) { return fields.get(e.name); }
          return error('unknown-field', e.start, e.length, M.unknownField(e.name));
        case 'member':
          var target = visit(e.target);
          if (target.kind === 'unknown') { return T.unknown; }
          var m = member(target.kind === 'list' ? target.element : target, e.member);
          if (!m) { return error('unknown-member', e.start, e.length, M.unknownMember(print(e.target), e.member)); }
          if (target.kind !== 'list') { return m; }
          return m.kind === 'list' ? m : listOf(m);
        case 'unary':
          var operand = visit(e.operand);
          if (e.op === 'not') {
            expect(boolish(operand), e.operand, operand, M.operator('not'), M.needBool);
            return T.bool;
          }
          expect(numeric(operand), e.operand, operand, M.operator('-'), M.needNumber);
          return T.number;
        case 'binary':
          return visitBinary(e);
        case 'call':
          return visitCall(e);
        default:
          throw new Error('Unknown expression node ' + e.kind);
      }
    }

    function visitBinary(b) {
      var left = visit(b.left);
      var right = visit(b.right);
      var what = M.operator(b.op);
      switch (b.op) {
        case 'and':
        case 'or':
          expect(boolish(left), b.left, left, what, M.needBool);
          expect(boolish(right), b.right, right, what, M.needBool);
          return T.bool;
        case '&':
          expect(concatenable(left), b.left, left, what, M.needConcatenable);
          expect(concatenable(right), b.right, right, what, M.needConcatenable);
          return T.text;
        case '=':
        case '!=':
          if (!equatable(left, right)) { error('type-mismatch', b.start, b.length, M.notComparable(b.op, left, right)); }
          return T.bool;
        case '<':
        case '<=':
        case '>':
        case '>=':
          if (!orderable(left, right)) { error('type-mismatch', b.start, b.length, M.notComparable(b.op, left, right)); }
          return T.bool;
        default:
          expect(numeric(left), b.left, left, what, M.needNumber);
          expect(numeric(right), b.right, right, what, M.needNumber);
          return T.number;
      }
    }

    function visitCall(c) {
      var f = lookupFunction(c.name);
      if (!f) {
        error('unknown-function', c.start, c.name.length, M.unknownFunction(c.name));
        c.args.forEach(visit);
        return T.unknown;
      }
      if (!acceptsCount(f, c.args.length)) {
        error('wrong-arity', c.start, c.length, M.wrongArity(f.name, f.min, f.max, c.args.length));
        c.args.forEach(visit);
        return T.unknown;
      }
      var types = c.args.map(visit);
      var i;
      switch (f.name) {
        case 'if':
          argument(c, types, 0, boolish, M.needBool);
          return unify(c, types, 1);
        case 'coalesce':
          return unify(c, types, 0);
        case 'min':
        case 'max':
          var kind = null;
          for (i = 0; i < types.length; i++) {
            var t = elementOrSelf(types[i]);
            if (loose(t)) { continue; }
            if ((t.kind === 'number' || t.kind === 'date') && (kind === null || typeEquals(kind, t))) {
              kind = t;
              continue;
            }
            error('type-mismatch', c.args[i].start, c.args[i].length, M.mismatch(M.argument(c.name, i + 1), M.needNumbersOrDates, types[i]));
          }
          return kind || T.number;
        case 'sum':
        case 'avg':
          for (i = 0; i < types.length; i++) {
            argument(c, types, i, function (x) { return numeric(elementOrSelf(x)); }, M.needNumbers);
          }
          return T.number;
        case 'count':
          argument(c, types, 0, isList, M.needList);
          return T.number;
        case 'round':
        case 'floor':
        case 'ceil':
        case 'abs':
          for (i = 0; i < types.length; i++) { argument(c, types, i, numeric, M.needNumber); }
          return T.number;
        case 'len':
          argument(c, types, 0, textish, M.needText);
          return T.number;
        case 'isBlank':
          return T.bool;
        case 'selected':
          argument(c, types, 0, function (x) { return textish(elementOrSelf(x)); }, M.needChoice);
          argument(c, types, 1, textish, M.needText);
          return T.bool;
        case 'contains':
          argument(c, types, 0, textish, M.needText);
          argument(c, types, 1, textish, M.needText);
          return T.bool;
        case 'today':
          return T.date;
        case 'date':
          if (types.length === 1) {
            if (argument(c, types, 0, textish, M.needText) && c.args[0].kind === 'text' && parseDay(c.args[0].value) === null) {
              error('invalid-date', c.args[0].start, c.args[0].length, M.invalidDateLiteral(c.args[0].value));
            }
          } else {
            for (i = 0; i < types.length; i++) { argument(c, types, i, numeric, M.needNumber); }
          }
          return T.date;
        case 'year':
        case 'month':
        case 'day':
          argument(c, types, 0, dateish, M.needDate);
          return T.number;
        case 'addDays':
        case 'addMonths':
          argument(c, types, 0, dateish, M.needDate);
          argument(c, types, 1, numeric, M.needNumber);
          return T.date;
        default: // days, age
          for (i = 0; i < types.length; i++) { argument(c, types, i, dateish, M.needDate); }
          return T.number;
      }
    }

    var type = visit(ast);
    return { type: type, typeName: typeName(type), errors: errors };
  }

  // ---------------------------------------------------------------------------------------------------------
  // Values: null, Num, string, boolean, Day, Array (list), Map (record).

  function fromJson(json, type) {
    if (json === null || json === undefined) { return null; }
    switch (type.kind) {
      case 'number':
        var scaled = parseScaled(typeof json === 'number' ? String(json) : json);
        if (scaled === null || abs(scaled) >= LIMIT) { throw new Error('Not a number of the language: ' + json); }
        return new Num(scaled);
      case 'text':
        return String(json);
      case 'bool':
        return json === true;
      case 'date':
        var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(json);
        var day = m ? makeDay(+m[1], +m[2], +m[3]) : null;
        if (!day) { throw new Error('Not a date: ' + json); }
        return day;
      case 'list':
        return json.map(function (item) { return fromJson(item, type.element); });
      case 'record':
        var record = new Map();
        type.members.forEach(function (t, k) {
          record.set(k, Object.prototype.hasOwnProperty.call(json, k) ? fromJson(json[k], t) : null);
        });
        return record;
      default:
        throw new Error('No JSON form for type ' + typeName(type));
    }
  }

  /** Canonical JSON of a value: numbers and dates as strings, records with sorted keys. */
  function toJson(value) {
    if (value === null || value === undefined) { return null; }
    if (value instanceof Num || value instanceof Day) { return value.toString(); }
    if (typeof value === 'string' || typeof value === 'boolean') { return value; }
    if (Array.isArray(value)) { return value.map(toJson); }
    if (value instanceof Map) {
      var out = {};
      Array.from(value.keys()).sort(ordinal).forEach(function (k) { out[k] = toJson(value.get(k)); });
      return out;
    }
    throw new Error('Unknown value');
  }

  // ---------------------------------------------------------------------------------------------------------
  // Evaluator (ExprEvaluator.cs).

  var MAX_DAY_SHIFT = 3652059;

  function EvalProblem(code, at, message) {
    this.error = { kind: 'eval', code: code, start: at.start, length: at.length, ja: message.ja, en: message.en };
  }

  function wrongType(at) { return new EvalProblem('type-mismatch', at, M.wrongValueType()); }
  function tooLarge(at) { return new EvalProblem('number-too-large', at, M.resultTooLarge()); }
  function numberResult(scaled, at) { if (scaled === null) { throw tooLarge(at); } return new Num(scaled); }

  function kindOf(v) {
    if (v === null) { return 'null'; }
    if (v instanceof Num) { return 'number'; }
    if (v instanceof Day) { return 'date'; }
    if (typeof v === 'string') { return 'text'; }
    if (typeof v === 'boolean') { return 'bool'; }
    if (Array.isArray(v)) { return 'list'; }
    return 'record';
  }

  function truthy(v, at) {
    if (v === true || v === false) { return v; }
    if (v === null) { return false; }
    throw wrongType(at);
  }

  function toText(v, at) {
    if (v === null) { return ''; }
    if (typeof v === 'string') { return v; }
    if (v instanceof Num || v instanceof Day) { return v.toString(); }
    throw wrongType(at);
  }

  function areEqual(l, r, at) {
    if (l === null || r === null) { return l === null && r === null; }
    var k = kindOf(l);
    if (k !== kindOf(r)) { throw wrongType(at); }
    switch (k) {
      case 'number': return l.s === r.s;
      case 'date': return l.n === r.n;
      case 'text':
      case 'bool': return l === r;
      default: throw wrongType(at);
    }
  }

  /** -1, 0, 1, or null when either is blank. */
  function compare(l, r, at) {
    if (l === null || r === null) { return null; }
    var k = kindOf(l);
    if (k !== kindOf(r)) { throw wrongType(at); }
    switch (k) {
      case 'number': return l.s < r.s ? -1 : l.s > r.s ? 1 : 0;
      case 'date': return l.n < r.n ? -1 : l.n > r.n ? 1 : 0;
      case 'text': return ordinal(l, r);
      default: throw wrongType(at);
    }
  }

  function isBlank(v) {
    if (v === null) { return true; }
    if (typeof v === 'string') { return /^[ \t\r\n\u3000\u00A0]*$/.test(v); }
    if (Array.isArray(v)) { return v.every(isBlank); }
    if (v instanceof Map) { return Array.from(v.values()).every(isBlank); }
    return false;
  }

  var segmenter = null;

  /** Text elements (extended grapheme clusters), as .NET's StringInfo.LengthInTextElements. */
  function graphemes(s) {
    if (typeof Intl !== 'undefined' && typeof Intl.Segmenter === 'function') {
      segmenter = segmenter || new Intl.Segmenter('und', { granularity: 'grapheme' });
      var n = 0;
      var it = segmenter.segment(s)[Symbol.iterator]();
      while (!it.next().done) { n++; }
      return n;
    }
    // Older browsers: code points that are not combining marks (ZWJ sequences and flags count more than once).
    return Array.from(s).filter(function (c) { return !/^[\p{M}\u200D]$/u.test(c); }).length;
  }

  function getValue(values, id) {
    if (!values) { return null; }
    if (values instanceof Map) { return values.has(id) ? values.get(id) : null; }
    var v = Object.prototype.hasOwnProperty.call(values, id) ? values[id] : null;
    return v === undefined ? null : v;
  }

  function evaluateNode(e, env) {
    switch (e.kind) {
      case 'number':
        if (abs(e.value) >= LIMIT) { throw tooLarge(e); }
        return new Num(e.value);
      case 'text': return e.value;
      case 'bool': return e.value;
      case 'null': return null;
      case 'field':
        if (env.row instanceof Map && env.row.has(e.name)) { return env.row.get(e.name); }
        return getValue(env.values, e.name);
      case 'member':
        return memberOf(e, evaluateNode(e.target, env));
      case 'unary':
        if (e.op === 'not') { return !truthy(evaluateNode(e.operand, env), e); }
        var v = evaluateNode(e.operand, env);
        if (v === null) { return null; }
        if (!(v instanceof Num)) { throw wrongType(e); }
        return new Num(-v.s === 0n ? 0n : -v.s);
      case 'binary':
        if (e.op === 'and') { return truthy(evaluateNode(e.left, env), e) && truthy(evaluateNode(e.right, env), e); }
        if (e.op === 'or') { return truthy(evaluateNode(e.left, env), e) || truthy(evaluateNode(e.right, env), e); }
        return binaryOp(e, evaluateNode(e.left, env), evaluateNode(e.right, env));
      case 'call':
        return call(e, env);
      default:
        throw new Error('Unknown expression node ' + e.kind);
    }
  }

  function memberOf(m, target) {
    if (target === null) { return null; }
    if (target instanceof Map) { return target.has(m.member) ? target.get(m.member) : null; }
    if (Array.isArray(target)) {
      var items = [];
      target.forEach(function (item) {
        var v = memberOf(m, item);
        if (Array.isArray(v)) { items.push.apply(items, v); } else { items.push(v); }
      });
      return items;
    }
    throw wrongType(m);
  }

  function binaryOp(b, l, r) {
    var order;
    switch (b.op) {
      case '&': return toText(l, b) + toText(r, b);
      case '=': return areEqual(l, r, b);
      case '!=': return !areEqual(l, r, b);
      case '<': order = compare(l, r, b); return order !== null && order < 0;
      case '<=': order = compare(l, r, b); return order !== null && order <= 0;
      case '>': order = compare(l, r, b); return order !== null && order > 0;
      case '>=': order = compare(l, r, b); return order !== null && order >= 0;
    }
    if (!(l === null || l instanceof Num) || !(r === null || r instanceof Num)) { throw wrongType(b); }
    if (l === null || r === null) { return null; }
    if (r.s === 0n && (b.op === '/' || b.op === '%')) { throw new EvalProblem('division-by-zero', b, M.divisionByZero()); }
    switch (b.op) {
      case '+': return numberResult(Arith.add(l.s, r.s), b);
      case '-': return numberResult(Arith.sub(l.s, r.s), b);
      case '*': return numberResult(Arith.mul(l.s, r.s), b);
      case '/': return numberResult(Arith.div(l.s, r.s), b);
      default: return new Num(Arith.mod(l.s, r.s));
    }
  }

  function num(v, at) { if (!(v instanceof Num)) { throw wrongType(at); } return v.s; }
  function text(v, at) { if (typeof v !== 'string') { throw wrongType(at); } return v; }
  function day(v, at) { if (!(v instanceof Day)) { throw wrongType(at); } return v; }
  function anyNull(values) { return values.some(function (v) { return v === null; }); }

  /** A whole number of days or months; fractions are invalid-argument, |n| >= 10^9 date-out-of-range. */
  function whole(s, at) {
    if (!isWhole(s)) { throw new EvalProblem('invalid-argument', at, M.wholeNumberNeeded(at.name)); }
    if (abs(s) >= 1000000000n * SCALE) { throw new EvalProblem('date-out-of-range', at, M.dateOutOfRange()); }
    return Number(s / SCALE);
  }

  function call(c, env) {
    var a = c.args;
    var f = lookupFunction(c.name);
    if (!f) { throw new EvalProblem('unknown-function', c, M.unknownFunction(c.name)); }
    if (!acceptsCount(f, a.length)) { throw new EvalProblem('wrong-arity', c, M.wrongArity(f.name, f.min, f.max, a.length)); }
    var name = f.name;
    if (name === 'if') { return truthy(evaluateNode(a[0], env), c) ? evaluateNode(a[1], env) : evaluateNode(a[2], env); }
    if (name === 'coalesce') {
      for (var k = 0; k < a.length; k++) {
        var value = evaluateNode(a[k], env);
        if (value !== null) { return value; }
      }
      return null;
    }
    var v = a.map(function (x) { return evaluateNode(x, env); });
    switch (name) {
      case 'sum':
      case 'avg':
        return sumOrAverage(c, v, name === 'avg');
      case 'min':
      case 'max':
        return minOrMax(c, v, name === 'max');
      case 'count':
        if (v[0] === null) { return numOf(0); }
        if (!Array.isArray(v[0])) { throw wrongType(c); }
        return numOf(v[0].filter(function (x) { return x !== null; }).length);
      case 'isBlank':
        return isBlank(v[0]);
      case 'len':
        if (v[0] === null) { return numOf(0); }
        return numOf(graphemes(text(v[0], c)));
      case 'contains':
        return anyNull(v) ? false : text(v[0], c).indexOf(text(v[1], c)) >= 0;
      case 'selected':
        return selected(c, v[0], v[1]);
      case 'today':
        return today(env);
      case 'date':
        return makeDate(c, v);
      case 'age':
        var args = v.length === 2 ? v : [v[0], today(env)];
        if (anyNull(args)) { return null; }
        var years = age(day(args[0], c), day(args[1], c));
        if (years === null) { throw new EvalProblem('invalid-argument', c, M.birthAfterDate()); }
        return numOf(years);
    }
    if (anyNull(v)) { return null; }
    var d;
    switch (name) {
      case 'round':
        var digits = v.length === 2 ? num(v[1], c) : 0n;
        if (!isWhole(digits) || digits < -17n * SCALE || digits > BigInt(MAX_DECIMALS) * SCALE) {
          throw new EvalProblem('invalid-argument', c, M.roundDigits());
        }
        return numberResult(Arith.round(num(v[0], c), Number(digits / SCALE)), c);
      case 'floor': return numberResult(Arith.floor(num(v[0], c)), c);
      case 'ceil': return numberResult(Arith.ceil(num(v[0], c)), c);
      case 'abs': return new Num(abs(num(v[0], c)));
      case 'year': return numOf(civil(day(v[0], c).n).y);
      case 'month': return numOf(civil(day(v[0], c).n).m);
      case 'day': return numOf(civil(day(v[0], c).n).d);
      case 'days': return numOf(day(v[1], c).n - day(v[0], c).n);
      case 'addDays':
        d = day(v[0], c);
        var shift = whole(num(v[1], c), c);
        var target = d.n + shift;
        if (Math.abs(shift) > MAX_DAY_SHIFT || target < MIN_DAY || target > MAX_DAY) {
          throw new EvalProblem('date-out-of-range', c, M.dateOutOfRange());
        }
        return new Day(target);
      default: // addMonths
        d = day(v[0], c);
        var months = whole(num(v[1], c), c);
        var moved = Math.abs(months) <= 120000 ? addMonths(d, months) : null;
        if (!moved) { throw new EvalProblem('date-out-of-range', c, M.dateOutOfRange()); }
        return moved;
    }
  }

  function today(env) {
    if (env.today instanceof Day) { return env.today; }
    var parsed = typeof env.today === 'string' ? fromJson(env.today, T.date) : null;
    if (!parsed) { throw new Error('The environment needs today as yyyy-mm-dd.'); }
    return parsed;
  }

  function flatten(values) {
    var items = [];
    values.forEach(function (v) { if (Array.isArray(v)) { items.push.apply(items, v); } else { items.push(v); } });
    return items;
  }

  function sumOrAverage(c, values, average) {
    var total = 0n;
    var count = 0;
    flatten(values).forEach(function (item) {
      if (item === null) { return; }
      if (!(item instanceof Num)) { throw wrongType(c); }
      total += item.s;
      count++;
    });
    if (average) { return count === 0 ? null : new Num(divRound(total, BigInt(count))); }
    return numberResult(checked(total), c);
  }

  function minOrMax(c, values, max) {
    var best = null;
    flatten(values).forEach(function (item) {
      if (item === null) { return; }
      var k = kindOf(item);
      if ((k !== 'number' && k !== 'date') || (best !== null && kindOf(best) !== k)) { throw wrongType(c); }
      if (best === null) {
        best = item;
        return;
      }
      var order = compare(item, best, c);
      if (max ? order > 0 : order < 0) { best = item; }
    });
    return best;
  }

  function selected(c, choice, option) {
    if (choice === null || option === null) { return false; }
    var wanted = text(option, c);
    if (typeof choice === 'string') { return choice === wanted; }
    if (!Array.isArray(choice)) { throw wrongType(c); }
    for (var i = 0; i < choice.length; i++) {
      if (choice[i] === wanted) { return true; }
      if (choice[i] !== null && typeof choice[i] !== 'string') { throw wrongType(c); }
    }
    return false;
  }

  function makeDate(c, v) {
    if (anyNull(v)) { return null; }
    if (v.length === 1) {
      var t = text(v[0], c);
      var parsed = parseDay(t);
      if (!parsed) { throw new EvalProblem('invalid-date', c, M.invalidDate(t)); }
      return parsed;
    }
    var y = num(v[0], c);
    var m = num(v[1], c);
    var d = num(v[2], c);
    var ok = isWhole(y) && isWhole(m) && isWhole(d) && abs(y) < 100000n * SCALE && abs(m) < 100n * SCALE && abs(d) < 100n * SCALE;
    var result = ok ? makeDay(Number(y / SCALE), Number(m / SCALE), Number(d / SCALE)) : null;
    if (!result) { throw new EvalProblem('invalid-date', c, M.invalidDate(formatScaled(y) + '-' + formatScaled(m) + '-' + formatScaled(d))); }
    return result;
  }

  /**
   * Evaluates a parsed expression. env = {values: {fieldId: value} or Map, today: 'yyyy-mm-dd' or a date value,
   * row: a record (Map) when inside a repeat row}. Returns {value, error}; on error the value is null.
   */
  function evaluate(ast, env) {
    try {
      return { value: evaluateNode(ast, env || {}), error: null };
    } catch (e) {
      if (e instanceof EvalProblem) { return { value: null, error: e.error }; }
      throw e;
    }
  }

  global.MadoguchiExpr = Object.freeze({
    parse: parse,
    print: print,
    check: check,
    evaluate: evaluate,
    parseType: parseType,
    typeName: typeName,
    fromJson: function (json, type) { return fromJson(json, type instanceof Ty ? type : parseType(type)); },
    toJson: toJson,
    functions: FUNCTIONS.map(function (f) { return f[0]; })
  });
})(window);
