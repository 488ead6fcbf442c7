using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Answers;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Tests.Procedures;

/// <summary>
/// templates/samples/&lt;slug&gt;.json: one filled-in answer object per template, in canonical form (the stored shape).
/// These tests hold each sample to its template: only input fields, the right JSON shape per type, every field
/// that is unconditionally required, and acceptance by <see cref="AnswerValidator"/> with the template's rules.
/// </summary>
public sealed class TemplateSampleTests
{
    private static readonly DateOnly Today = new(2026, 6, 1);

    /// <summary>Types whose sample value must already be the stored (canonical) value; composites may be normalised (e.g. bank kana).</summary>
    private static readonly HashSet<FieldType> ScalarTypes =
    [
        FieldType.Text, FieldType.TextArea, FieldType.Integer, FieldType.Decimal, FieldType.Date, FieldType.Choice,
        FieldType.MultiChoice, FieldType.YesNo, FieldType.Email, FieldType.Phone, FieldType.PostalCode,
        FieldType.CorporateNumber, FieldType.Kana,
    ];

    public static TheoryData<string> Templates() => TemplateTests.Templates();

    private static (ProcedureDefinition Definition, JsonObject Sample) Load(string fileName)
    {
        var definition = TemplateTests.ParseTemplate(fileName);
        var sample = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("templates", "samples", fileName)))!.AsObject();
        return (definition, sample);
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_sample_answers_only_input_fields_and_leaves_out_calculated_ones_and_files(string fileName)
    {
        var (definition, sample) = Load(fileName);
        var inputs = definition.InputFields.ToDictionary(f => f.Id, StringComparer.Ordinal);

        foreach (var (id, value) in sample)
        {
            Assert.True(inputs.TryGetValue(id, out var field), $"{fileName}: \"{id}\" is not an input field.");
            Assert.Null(field.Calculate);
            Assert.NotEqual(FieldType.File, field.Type);
            if (field.Type == FieldType.Repeat)
            {
                var columns = field.RowFields.ToDictionary(f => f.Id, StringComparer.Ordinal);
                foreach (var row in value!.AsArray())
                {
                    foreach (var (columnId, _) in row!.AsObject())
                    {
                        Assert.True(columns.TryGetValue(columnId, out var column), $"{fileName}: \"{columnId}\" is not a column of {id}.");
                        Assert.Null(column.Calculate);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_sample_value_has_the_json_shape_of_its_field_type(string fileName)
    {
        var (definition, sample) = Load(fileName);
        foreach (var (id, value) in sample)
        {
            var field = definition.FindField(id)!;
            AssertShape(field, value, $"{fileName}: {id}");
            if (field.Type == FieldType.Repeat)
            {
                var rows = value!.AsArray();
                Assert.InRange(rows.Count, Math.Max(1, field.EffectiveMinRows), field.EffectiveMaxRows);
                foreach (var row in rows)
                {
                    foreach (var (columnId, cell) in row!.AsObject())
                    {
                        AssertShape(definition.FindField(columnId)!, cell, $"{fileName}: {id}.{columnId}");
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_sample_answers_every_field_that_is_required_without_conditions(string fileName)
    {
        var (definition, sample) = Load(fileName);
        foreach (var field in UnconditionalFields(definition).Where(f => f.Required && f.Type != FieldType.File && f.Calculate is null))
        {
            Assert.True(sample.ContainsKey(field.Id), $"{fileName}: required field \"{field.Id}\" has no answer.");
        }

        foreach (var repeat in definition.InputFields.Where(f => f.Type == FieldType.Repeat && sample.ContainsKey(f.Id)))
        {
            var required = repeat.Fields!.Where(f => f.Required && f.VisibleWhen is null && f.Calculate is null && f.Type != FieldType.Section).ToList();
            foreach (var row in sample[repeat.Id]!.AsArray())
            {
                Assert.All(required, column => Assert.True(row!.AsObject().ContainsKey(column.Id), $"{fileName}: a row of {repeat.Id} lacks \"{column.Id}\"."));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void Every_sample_passes_the_answer_validator_with_its_rules_and_scalars_are_already_canonical(string fileName)
    {
        var (definition, sample) = Load(fileName);
        var raw = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (id, value) in sample)
        {
            AddRaw(definition.FindField(id)!, id, value, raw);
        }

        // Required attachments are not part of the samples; they count as attached here.
        var files = definition.InputFields.Where(f => f.Type == FieldType.File)
            .ToDictionary(f => f.Id, f => (IReadOnlyList<UploadedFileInfo>)[SampleFile(f)]);
        var result = AnswerValidator.Validate(definition, raw, files, Today);

        Assert.Empty(result.Errors.Select(e => $"{fileName}: {e.FieldId} {e.Code} {e.Message.En}"));
        foreach (var (id, value) in sample)
        {
            var field = definition.FindField(id)!;
            if (ScalarTypes.Contains(field.Type))
            {
                Assert.Equal(value!.ToJsonString(), result.Answers[id]?.ToJsonString());
            }
            else if (field.Type == FieldType.Repeat)
            {
                var rows = value!.AsArray();
                var stored = result.Answers[id]!.AsArray();
                Assert.Equal(rows.Count, stored.Count);
                for (var i = 0; i < rows.Count; i++)
                {
                    foreach (var (columnId, cell) in rows[i]!.AsObject())
                    {
                        if (ScalarTypes.Contains(definition.FindField(columnId)!.Type))
                        {
                            Assert.Equal(cell!.ToJsonString(), stored[i]![columnId]?.ToJsonString());
                        }
                    }
                }
            }
        }
    }

    private static UploadedFileInfo SampleFile(FieldDefinition field)
    {
        var kind = field.EffectiveAccept.Contains("pdf") ? "pdf" : field.EffectiveAccept[0];
        var (name, type) = kind switch
        {
            "pdf" => ("sample.pdf", "application/pdf"),
            "png" => ("sample.png", "image/png"),
            "jpeg" => ("sample.jpg", "image/jpeg"),
            _ => ("sample." + kind, "application/octet-stream"),
        };
        return new UploadedFileInfo(name, 100, type, kind);
    }

    /// <summary>The raw form keys the portal and the API hand to the validator ("applicant.family", "items[0].price").</summary>
    private static void AddRaw(FieldDefinition field, string key, JsonNode? value, Dictionary<string, IReadOnlyList<string>> raw)
    {
        switch (value)
        {
            case JsonObject parts when field.Type.IsComposite():
                foreach (var (part, partValue) in parts)
                {
                    raw[key + "." + part] = RawStrings(partValue);
                }

                break;
            case JsonArray rows when field.Type == FieldType.Repeat:
                raw[AnswerValidator.RowCountKey(key)] = [rows.Count.ToString(CultureInfo.InvariantCulture)];
                for (var i = 0; i < rows.Count; i++)
                {
                    foreach (var (columnId, cell) in rows[i]!.AsObject())
                    {
                        AddRaw(field.RowFields.Single(c => c.Id == columnId), AnswerValidator.CellKey(key, i, columnId), cell, raw);
                    }
                }

                break;
            default:
                raw[key] = RawStrings(value);
                break;
        }
    }

    private static List<string> RawStrings(JsonNode? value) => value switch
    {
        JsonArray a => a.Select(v => v!.GetValue<string>()).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [v.GetValue<string>()],
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => [v.GetValue<bool>() ? "true" : "false"],
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => [v.GetValue<decimal>().ToString(CultureInfo.InvariantCulture)],
        _ => throw new InvalidOperationException($"Unexpected sample value {value?.ToJsonString()}"),
    };

    private static void AssertShape(FieldDefinition field, JsonNode? value, string where)
    {
        var kind = value?.GetValueKind();
        switch (field.Type)
        {
            case FieldType.Integer or FieldType.Decimal:
                Assert.True(kind == JsonValueKind.Number, $"{where} should be a number.");
                break;
            case FieldType.YesNo:
                Assert.True(kind is JsonValueKind.True or JsonValueKind.False, $"{where} should be true or false.");
                break;
            case FieldType.MultiChoice:
                Assert.True(kind == JsonValueKind.Array, $"{where} should be an array of choice values.");
                Assert.All(value!.AsArray(), v => Assert.Contains(v!.GetValue<string>(), field.Choices!.Select(c => c.Value)));
                break;
            case FieldType.Repeat:
                Assert.True(kind == JsonValueKind.Array, $"{where} should be an array of rows.");
                Assert.All(value!.AsArray(), row => Assert.True(row?.GetValueKind() == JsonValueKind.Object, $"{where}: each row should be an object."));
                break;
            case FieldType.Name or FieldType.Address or FieldType.BankAccount:
                Assert.True(kind == JsonValueKind.Object, $"{where} should be an object of parts.");
                var parts = field.Type == FieldType.Name && !field.AsksReading
                    ? field.Type.CompositeParts().Where(p => !p.EndsWith("Kana", StringComparison.Ordinal)).ToList()
                    : field.Type.CompositeParts().ToList();
                foreach (var (part, partValue) in value!.AsObject())
                {
                    Assert.True(parts.Contains(part), $"{where}: \"{part}\" is not a part of a {field.Type} here.");
                    Assert.True(partValue?.GetValueKind() == JsonValueKind.String && !string.IsNullOrWhiteSpace(partValue.GetValue<string>()), $"{where}.{part} should be non-blank text.");
                }

                // Every part but the building is expected in a complete answer.
                Assert.All(parts.Where(p => p != "building"), part => Assert.True(value.AsObject().ContainsKey(part), $"{where} lacks \"{part}\"."));
                break;
            default:
                Assert.True(kind == JsonValueKind.String, $"{where} should be a string.");
                if (field.Type == FieldType.Choice)
                {
                    Assert.Contains(value!.GetValue<string>(), field.Choices!.Select(c => c.Value));
                }

                break;
        }
    }

    /// <summary>
    /// Input fields asked of every applicant: not behind a visibleWhen or requiredWhen (their own or a section's),
    /// on a page without visibleWhen that no branch can skip.
    /// </summary>
    private static IEnumerable<FieldDefinition> UnconditionalFields(ProcedureDefinition definition)
    {
        var skippable = new HashSet<int>();
        for (var i = 0; i < definition.Pages.Count; i++)
        {
            foreach (var branch in definition.Pages[i].Next)
            {
                var target = branch.GoTo == PageBranch.End ? definition.Pages.Count : definition.Pages.ToList().FindIndex(p => p.Id == branch.GoTo);
                for (var skipped = i + 1; skipped < target; skipped++)
                {
                    skippable.Add(skipped);
                }
            }
        }

        return definition.Pages
            .Where((page, index) => page.VisibleWhen is null && !skippable.Contains(index))
            .SelectMany(page => Unconditional(page.Fields));

        static IEnumerable<FieldDefinition> Unconditional(IEnumerable<FieldDefinition> fields) =>
            fields.Where(f => f.VisibleWhen is null && f.RequiredWhen is null)
                .SelectMany(f => f.Type == FieldType.Section ? Unconditional(f.Fields ?? []) : f.Type.IsStatic() ? [] : [f]);
    }
}
