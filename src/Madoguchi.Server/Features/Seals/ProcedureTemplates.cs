using System.Text.Json;
using Madoguchi.Core.Procedures;
using Madoguchi.Data.Entities;
using Madoguchi.Documents.Rendering;
using Madoguchi.Documents.Seals;
using Madoguchi.Documents.Templates;
using Madoguchi.Server.Features.Procedures;

namespace Madoguchi.Server.Features.Seals;

/// <summary>
/// Per-procedure document templates (<c>documents</c> in the procedure definition, so they are versioned and
/// published with it): the template a procedure version uses for a kind, their checks (template JSON, placeholders,
/// <c>answers.&lt;fieldId&gt;</c> that the procedure has) and a preview with sample data. See docs/documents.md.
/// </summary>
public sealed class ProcedureTemplates(DefinitionCache definitions)
{
    /// <summary>The template of <paramref name="kind"/> for this published version: the procedure's own, else the built-in.</summary>
    public Task<DocumentTemplate> ForAsync(ProcedureVersion procedureVersion, string kind, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(procedureVersion);
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(For(definitions.Get(procedureVersion), kind));
    }

    /// <summary>The procedure's template for the kind, or the built-in. A stored template that fails to read falls back to the built-in (publishing refuses such templates).</summary>
    public static DocumentTemplate For(ProcedureDefinition definition, string kind)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!ProcedureDocuments.Kinds.Contains(kind))
        {
            throw new ArgumentException($"Unknown document kind '{kind}'.", nameof(kind));
        }

        if (definition.Documents?.GetValueOrDefault(kind) is { ValueKind: JsonValueKind.Object } own)
        {
            try
            {
                return DocumentTemplate.FromJson(own.GetRawText());
            }
            catch (TemplateException)
            {
                // Only a definition that bypassed the checks gets here; the built-in is the safe document.
            }
        }

        return DocumentTemplate.BuiltIn(kind);
    }

    /// <summary>The built-in template of a kind as indented JSON (the editor's starting point and "reset").</summary>
    public static string BuiltInJson(string kind)
    {
        // The shipped file as written (readable Japanese, no defaults spelled out), not a re-serialisation.
        using var stream = typeof(DocumentTemplate).Assembly.GetManifestResourceStream($"Madoguchi.Documents.Templates.{kind}.json")
            ?? throw new ArgumentException($"No built-in template '{kind}'.", nameof(kind));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Trim() + "\n";
    }

    /// <summary>Every problem of every template in the definition, at <c>$.documents['kind']…</c> paths (for publishing and the designer).</summary>
    public static IReadOnlyList<DefinitionProblem> Problems(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<DefinitionProblem>();
        foreach (var (kind, element) in definition.Documents ?? new Dictionary<string, JsonElement>())
        {
            foreach (var problem in Check(definition, kind, element.GetRawText(), out _))
            {
                problems.Add(new DefinitionProblem(PathOf(kind, problem.Path), "invalidDocumentTemplate", problem.Message));
            }
        }

        return problems;
    }

    /// <summary>The JSON path of a template problem inside the definition.</summary>
    public static string PathOf(string kind, string templatePath)
    {
        var inner = templatePath is "" or "$" ? "" : templatePath.StartsWith("$.", StringComparison.Ordinal) ? templatePath[1..] : "." + templatePath;
        return $"$.documents['{kind}']{inner}";
    }

    private static readonly string[] TemplateProperties = ["id", "kind", "title", "blocks", "officialSeal"];
    private static readonly string[] BlockProperties = ["type", "text", "align", "size", "rows"];
    private static readonly string[] RowProperties = ["key", "value"];
    private static readonly string[] SealProperties = ["page", "x", "y", "size"];
    private static readonly string[] TextProperties = ["ja", "en"];

    /// <summary>
    /// Problems of one template for this procedure, with paths inside the template (<c>blocks[2].rows[0].value</c>):
    /// unreadable JSON, unknown properties, the kind, the seal placement, and every placeholder and format
    /// against sample data that has exactly this procedure's fields.
    /// </summary>
    public static IReadOnlyList<TemplateProblem> Check(ProcedureDefinition definition, string kind, string json, out DocumentTemplate? template)
    {
        ArgumentNullException.ThrowIfNull(definition);
        template = null;
        var problems = new List<TemplateProblem>();
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            UnknownProperties(document.RootElement, problems);
        }
        catch (JsonException e)
        {
            problems.Add(new TemplateProblem("$", new LocalizedText(
                $"JSONとして読めません（{e.LineNumber + 1}行目、{e.BytePositionInLine + 1}文字目付近）。",
                $"This is not valid JSON (near line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}).")));
            return problems;
        }

        if (problems.Count > 0)
        {
            return problems;
        }

        try
        {
            template = DocumentTemplate.FromJson(json);
        }
        catch (TemplateException e)
        {
            return e.Problems;
        }

        var expected = kind == ProcedureDocuments.ApplicantCopy ? DocumentKind.ApplicantCopy : DocumentKind.Notice;
        if (template.Kind != expected)
        {
            var name = expected == DocumentKind.Notice ? "notice" : "applicantCopy";
            problems.Add(new TemplateProblem("kind", new LocalizedText(
                $"この文書の kind は「{name}」にしてください。", $"This document's kind must be \"{name}\".")));
        }

        if (template.Blocks.Any(b => b.Type == BlockType.Route))
        {
            problems.Add(new TemplateProblem($"blocks[{template.Blocks.ToList().FindIndex(b => b.Type == BlockType.Route)}].type", new LocalizedText(
                "決裁ルート（route）のブロックは決裁文書だけで使えます。通知書や申請控えには入れられません。",
                "A route block belongs in decision documents only, not in notices or the applicant's copy.")));
        }

        problems.AddRange(template.Check());
        var values = SampleData(definition, "（団体名）", "（職名）").Values();
        for (var i = 0; i < template.Blocks.Count; i++)
        {
            var block = template.Blocks[i];
            if (block.Text is not null)
            {
                Placeholders.Substitute(block.Text, values, $"blocks[{i}].text", problems);
            }
            else if (block.Type is BlockType.Heading or BlockType.Paragraph or BlockType.Line)
            {
                problems.Add(new TemplateProblem($"blocks[{i}].text", new LocalizedText("この種類のブロックには text が必要です。", "This kind of block needs a text.")));
            }

            for (var j = 0; j < block.Rows.Count; j++)
            {
                Placeholders.Substitute(block.Rows[j].Key ?? "", values, $"blocks[{i}].rows[{j}].key", problems);
                Placeholders.Substitute(block.Rows[j].Value ?? "", values, $"blocks[{i}].rows[{j}].value", problems);
            }
        }

        return problems;
    }

    /// <summary>Renders the template with sample data (this procedure's fields, sample values) and the given official seal.</summary>
    public static byte[] Preview(ProcedureDefinition definition, DocumentTemplate template, string organisation, string office, SealImage officialSeal) =>
        DocumentRenderer.Render(template, SampleData(definition, organisation, office), officialSeal).Pdf;

    /// <summary>Sample data: every placeholder the server will fill, and one answer per input field of the procedure.</summary>
    public static DocumentData SampleData(ProcedureDefinition definition, string organisation, string office)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var today = Infrastructure.JapanTime.Today(TimeProvider.System);
        var answers = definition.InputFields
            .Select(f => new AnswerLine(f.Id, f.Label.Ja, f.Type switch
            {
                FieldType.Integer or FieldType.Decimal => "150000",
                FieldType.Date => today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                _ => $"（{f.Label.Ja}の例）",
            }))
            .ToList();
        return new DocumentData
        {
            ReceiptNumber = "SAMP-LE00-0",
            ProcedureTitle = definition.Title.Ja,
            ApplicantName = "窓口　太郎",
            OrganisationName = organisation,
            OfficeName = office,
            Today = today,
            DecisionOutcome = "交付",
            DecisionReason = "（理由の例）",
            Answers = answers,
        };
    }

    private static void UnknownProperties(JsonElement root, List<TemplateProblem> problems)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new TemplateProblem("$", new LocalizedText("テンプレートは { … } のオブジェクトにしてください。", "A template must be a JSON object { … }.")));
            return;
        }

        Known(root, "", TemplateProperties, problems);
        if (root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.Object)
        {
            Known(title, "title.", TextProperties, problems);
        }

        if (root.TryGetProperty("officialSeal", out var seal) && seal.ValueKind == JsonValueKind.Object)
        {
            Known(seal, "officialSeal.", SealProperties, problems);
        }

        if (root.TryGetProperty("blocks", out var blocks) && blocks.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var block in blocks.EnumerateArray())
            {
                if (block.ValueKind == JsonValueKind.Object)
                {
                    Known(block, $"blocks[{i}].", BlockProperties, problems);
                    if (block.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array)
                    {
                        var j = 0;
                        foreach (var row in rows.EnumerateArray())
                        {
                            if (row.ValueKind == JsonValueKind.Object)
                            {
                                Known(row, $"blocks[{i}].rows[{j}].", RowProperties, problems);
                            }

                            j++;
                        }
                    }
                }

                i++;
            }
        }
    }

    private static void Known(JsonElement element, string prefix, string[] known, List<TemplateProblem> problems)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                var list = string.Join(", ", known);
                problems.Add(new TemplateProblem(prefix + property.Name, new LocalizedText(
                    $"「{property.Name}」は使えない項目です。綴りを確認してください（使えるもの：{list}）。",
                    $"\"{property.Name}\" is not a known property; check the spelling (known here: {list}).")));
            }
        }
    }
}
