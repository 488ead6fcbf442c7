namespace Madoguchi.Core.Expressions;

/// <summary>A message in Japanese and English.</summary>
internal readonly record struct Bilingual(string Ja, string En);

/// <summary>
/// Every message of the expression language, Japanese first. The browser script (wwwroot/js/expressions.js) has
/// the same texts; docs/expressions.md lists the codes.
/// </summary>
internal static class ExprMessages
{
    // Parse
    public static Bilingual Empty() => new("式が空です。", "The expression is empty.");

    public static Bilingual TooLong(int max) =>
        new($"式が長すぎます（{max} 文字まで）。", $"The expression is too long (at most {max} characters).");

    public static Bilingual TooDeep() =>
        new("かっこや演算子の入れ子が深すぎます。", "The expression is nested too deeply.");

    public static Bilingual UnexpectedChar(string c) =>
        new($"「{c}」は式に使えない文字です。", $"The character '{c}' cannot be used in an expression.");

    public static Bilingual UnclosedText(char quote) =>
        new($"文字列を閉じる {quote} がありません。", $"The text has no closing {quote}.");

    public static Bilingual NumberTooLarge() =>
        new("数値が大きすぎます（10^18 未満にしてください）。", "The number is too large (it must be below 10^18).");

    public static Bilingual NumberTooPrecise() =>
        new("小数点以下は 10 桁までです。", "At most 10 digits may follow the decimal point.");

    public static Bilingual UnexpectedEnd() =>
        new("式が途中で終わっています。", "The expression ends too early.");

    public static Bilingual UnexpectedToken(string token) =>
        new($"ここに「{token}」は置けません。", $"'{token}' is not expected here.");

    public static Bilingual UnclosedParen() =>
        new("この「(」を閉じる「)」がありません。", "This '(' has no matching ')'.");

    public static Bilingual ExpectedName() =>
        new("「.」の後には項目名が必要です。", "A member name must follow '.'.");

    public static Bilingual ChainedComparison() =>
        new("比較は一度に一つだけです（例: 1 <= x and x <= 5）。", "Only one comparison at a time (write e.g. 1 <= x and x <= 5).");

    // Type
    public static Bilingual UnknownField(string id) =>
        new($"項目「{id}」はありません。", $"There is no field '{id}'.");

    public static Bilingual UnknownMember(string target, string member) =>
        new($"「{target}」に「{member}」はありません。", $"'{target}' has no member '{member}'.");

    public static Bilingual UnknownFunction(string name) =>
        new($"関数「{name}」はありません。", $"There is no function '{name}'.");

    public static Bilingual WrongArity(string name, int min, int max, int given)
    {
        string ja, en;
        if (min == max)
        {
            ja = $"{min} 個";
            en = min == 1 ? "1 argument" : $"{min} arguments";
        }
        else if (max == int.MaxValue)
        {
            ja = $"{min} 個以上";
            en = $"at least {min} argument{(min == 1 ? "" : "s")}";
        }
        else
        {
            ja = $"{min} 個か {max} 個";
            en = $"{min} or {max} arguments";
        }

        return new($"{name} の引数は {ja}です（{given} 個あります）。", $"{name} takes {en}, not {given}.");
    }

    public static Bilingual Mismatch(Bilingual what, Bilingual expected, ExprType actual)
    {
        var a = TypeName(actual);
        return new($"{what.Ja}には{expected.Ja}が必要ですが、{a.Ja}です。", $"{what.En} needs {expected.En}, but this is {a.En}.");
    }

    public static Bilingual NotComparable(string op, ExprType left, ExprType right)
    {
        var l = TypeName(left);
        var r = TypeName(right);
        return new($"「{op}」で{l.Ja}と{r.Ja}は比べられません。", $"'{op}' cannot compare {l.En} with {r.En}.");
    }

    public static Bilingual NotSameType(string name, ExprType first, ExprType other)
    {
        var f = TypeName(first);
        var o = TypeName(other);
        return new($"{name} の結果の型がそろっていません（{f.Ja}と{o.Ja}）。", $"The results of {name} must have one type ({f.En} and {o.En}).");
    }

    public static Bilingual InvalidDateLiteral(string text) =>
        new($"「{text}」は日付ではありません（例: '2026-04-01'）。", $"'{text}' is not a date (write e.g. '2026-04-01').");

    public static Bilingual Operator(string op) => new($"「{op}」", $"'{op}'");

    public static Bilingual Argument(string function, int index) =>
        new($"{function} の {index} 番目の引数", $"Argument {index} of {function}");

    // What an operand or argument must be.
    public static readonly Bilingual NeedNumber = new("数値", "a number");
    public static readonly Bilingual NeedBool = new("条件（真偽値）", "a condition (true/false)");
    public static readonly Bilingual NeedText = new("文字列", "text");
    public static readonly Bilingual NeedDate = new("日付", "a date");
    public static readonly Bilingual NeedList = new("リスト（繰り返し項目か複数選択）", "a list (a repeat group or a multiple choice)");
    public static readonly Bilingual NeedConcatenable = new("文字列・数値・日付", "text, a number or a date");
    public static readonly Bilingual NeedNumbers = new("数値か数値のリスト", "numbers or lists of numbers");
    public static readonly Bilingual NeedNumbersOrDates = new("数値か日付（またはそのリスト）", "numbers or dates (or lists of them)");
    public static readonly Bilingual NeedChoice = new("選択肢の項目（文字列か文字列のリスト）", "a choice field (text or a list of text)");

    public static Bilingual TypeName(ExprType type) => type.Kind switch
    {
        ExprTypeKind.Unknown => new("不明な値", "an unknown value"),
        ExprTypeKind.Null => new("空欄（null）", "blank (null)"),
        ExprTypeKind.Number => new("数値", "a number"),
        ExprTypeKind.Text => new("文字列", "text"),
        ExprTypeKind.Bool => new("真偽値", "true/false"),
        ExprTypeKind.Date => new("日付", "a date"),
        ExprTypeKind.List => ListName(type.Element!),
        _ => new("複合項目", "a composite field"),
    };

    private static Bilingual ListName(ExprType element)
    {
        var e = TypeName(element);
        return new($"{e.Ja}のリスト", $"a list of ({e.En})");
    }

    // Evaluation
    public static Bilingual DivisionByZero() => new("0 で割ることはできません。", "Division by zero.");

    public static Bilingual ResultTooLarge() =>
        new("計算結果が大きすぎます（10^18 以上）。", "The result is too large (10^18 or more).");

    public static Bilingual InvalidDate(string text) =>
        new($"「{text}」は日付ではありません。", $"'{text}' is not a date.");

    public static Bilingual DateOutOfRange() =>
        new("日付が範囲外です（0001-01-01〜9999-12-31）。", "The date is out of range (0001-01-01 to 9999-12-31).");

    public static Bilingual WholeNumberNeeded(string function) =>
        new($"{function} には整数が必要です。", $"{function} needs a whole number.");

    public static Bilingual RoundDigits() =>
        new("round の桁数は -17 から 10 までの整数です。", "The digits of round must be a whole number from -17 to 10.");

    public static Bilingual BirthAfterDate() =>
        new("生年月日が基準日より後です。", "The birth date is after the date the age is computed for.");

    public static Bilingual WrongValueType() =>
        new("値の型が合いません。", "A value has the wrong type.");

    // Calculated fields
    public static Bilingual Cycle(string path) =>
        new($"計算項目が循環して参照しています: {path}", $"Calculated fields refer to each other in a cycle: {path}");
}
