using System.Text;

namespace Madoguchi.Core.Import;

/// <summary>A small RFC 4180 reader: quoted fields may hold commas, quotes ("") and line breaks; CRLF or LF.</summary>
public static class Csv
{
    public sealed record Problem(int Row, string Ja, string En);

    public static List<List<string>> Parse(string text, out Problem? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var rowNumber = 1;
        var startedQuote = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                        if (i + 1 < text.Length && text[i + 1] is not (',' or '\r' or '\n'))
                        {
                            problem = new Problem(rowNumber, "閉じた引用符の後に文字があります", "text after a closing quote");
                            return rows;
                        }
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        rowNumber++;
                    }

                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    startedQuote = rowNumber;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    rowNumber++;
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (quoted)
        {
            problem = new Problem(startedQuote, "引用符が閉じられていません", "a quote is never closed");
            return rows;
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}
