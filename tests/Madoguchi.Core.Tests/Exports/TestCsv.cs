using System.Text;

namespace Madoguchi.Core.Tests.Exports;

/// <summary>A small RFC 4180 reader for the export tests (BOM skipped).</summary>
public static class TestCsv
{
    /// <summary>A small RFC 4180 reader for the tests (UTF-8, BOM skipped).</summary>
    public static List<List<string>> Parse(byte[] bytes) => Parse(Encoding.UTF8.GetString(bytes));

    public static List<List<string>> Parse(string text)
    {
        text = text.TrimStart('\uFEFF');
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row);
                row = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
