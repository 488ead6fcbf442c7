using System.Text.Json;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Answers;

/// <summary>
/// Turns answers given as JSON (an API body, or stored canonical answers being edited again) into the raw form keys
/// the validator reads: "applicant.family" for composite parts, "invoices[0].amount" and "invoices#rows" for repeat
/// groups, one string per value. Shape problems (an object where a value belongs, an unknown part) are reported with
/// the answer's path; values themselves are the validator's business.
/// </summary>
public static class AnswerFlattener
{
    public static Dictionary<string, IReadOnlyList<string>> ToRaw(ProcedureDefinition definition, JsonElement answers, List<FieldError> errors, bool skipFiles = false)
    {
        var raw = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var property in answers.EnumerateObject())
        {
            var id = property.Name;
            var field = definition.FindInputField(id);
            if (skipFiles && field is { Type: FieldType.File })
            {
                continue;
            }

            if (field is null || field.Type == FieldType.File)
            {
                errors.Add(new FieldError(id, "unknownField", new LocalizedText(
                    $"answers.{id}: この手続にこの項目はありません (ファイルは files に入れてください)。",
                    $"answers.{id}: this procedure has no such answer field (files go under \"files\").")));
                continue;
            }

            AddAnswer(field, id, property.Value, raw, errors);
        }

        return raw;
    }

    /// <summary>Flattens one JSON answer into the raw form keys the validator reads ("applicant.family", "invoices[0].amount").</summary>
    private static void AddAnswer(FieldDefinition field, string key, JsonElement value, Dictionary<string, IReadOnlyList<string>> raw, List<FieldError> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (field.Type.IsComposite())
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                errors.Add(ShapeError(key, $"{string.Join("・", field.Type.CompositeParts())} を持つオブジェクトにしてください。", $"give an object with {string.Join(", ", field.Type.CompositeParts())}."));
                return;
            }

            foreach (var part in value.EnumerateObject())
            {
                if (!field.Type.CompositeParts().Contains(part.Name))
                {
                    errors.Add(ShapeError(key + "." + part.Name, $"「{part.Name}」という部分はありません（{string.Join("・", field.Type.CompositeParts())}）。", $"there is no part \"{part.Name}\" ({string.Join(", ", field.Type.CompositeParts())})."));
                    continue;
                }

                var values = new List<string>(1);
                if (part.Value.ValueKind != JsonValueKind.Null)
                {
                    AddScalar(key + "." + part.Name, part.Value, values, errors);
                }

                raw[key + "." + part.Name] = values;
            }

            return;
        }

        if (field.Type == FieldType.Repeat)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                errors.Add(ShapeError(key, "行（オブジェクト）の配列にしてください。", "give an array of rows (objects)."));
                return;
            }

            var index = 0;
            foreach (var row in value.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Object)
                {
                    errors.Add(ShapeError(AnswerValidator.CellKey(key, index, "").TrimEnd('.'), "各行はオブジェクトにしてください。", "each row must be an object."));
                }
                else
                {
                    foreach (var cell in row.EnumerateObject())
                    {
                        var cellKey = AnswerValidator.CellKey(key, index, cell.Name);
                        if (field.RowFields.FirstOrDefault(f => f.Id == cell.Name) is { } column && column.Type != FieldType.File)
                        {
                            AddAnswer(column, cellKey, cell.Value, raw, errors);
                        }
                        else
                        {
                            errors.Add(ShapeError(cellKey, "この行にこの項目はありません。", "rows of this group have no such field."));
                        }
                    }
                }

                index++;
            }

            raw[AnswerValidator.RowCountKey(key)] = [index.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            return;
        }

        var list = new List<string>(1);
        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                AddScalar(key, item, list, errors);
            }
        }
        else
        {
            AddScalar(key, value, list, errors);
        }

        raw[key] = list;
    }

    private static FieldError ShapeError(string key, string ja, string en) =>
        new(key, "invalidShape", new LocalizedText($"answers.{key}: {ja}", $"answers.{key}: {en}"));

    private static void AddScalar(string id, JsonElement value, List<string> values, List<FieldError> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                values.Add(value.GetString()!);
                break;
            case JsonValueKind.Number:
                values.Add(value.GetRawText());
                break;
            case JsonValueKind.True:
                values.Add("true");
                break;
            case JsonValueKind.False:
                values.Add("false");
                break;
            default:
                errors.Add(new FieldError(id, "invalidShape", new LocalizedText($"answers.{id}: 文字列・数値・真偽値またはその配列で指定してください。", $"answers.{id}: give a string, number, boolean or an array of them.")));
                break;
        }
    }
}
