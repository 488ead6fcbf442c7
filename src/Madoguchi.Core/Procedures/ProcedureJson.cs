using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Madoguchi.Core.Procedures;

/// <summary>The one set of JSON settings for procedure definitions, so every writer produces the same document.</summary>
public static class ProcedureJson
{
    /// <summary>
    /// camelCase, compact, nulls left out, and Japanese written as itself rather than \u escapes so that
    /// definitions kept in Git stay readable and diff well. The relaxed encoder is safe here because
    /// definitions are never embedded raw into HTML.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(ProcedureDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return JsonSerializer.Serialize(d, Options);
    }

    /// <summary>
    /// Leaves out values that only restate the default (an empty label on a heading, "required": false, an empty
    /// requirements list) so that written definitions stay short and read back without "does not apply" problems.
    /// </summary>
    private static void OmitDefaults(JsonTypeInfo typeInfo)
    {
        var isField = typeInfo.Type == typeof(FieldDefinition);
        var isProcedure = typeInfo.Type == typeof(ProcedureDefinition);
        foreach (var property in typeInfo.Properties)
        {
            property.ShouldSerialize = (isField, isProcedure, property.Name) switch
            {
                (true, _, "label") => (_, value) => value is LocalizedText { Ja.Length: > 0 } or LocalizedText { En: not null },
                (true, _, "required") or (_, true, "requiresAccount") => (_, value) => value is true,
                (_, true, "requirements") => (_, value) => value is IReadOnlyList<LocalizedText> { Count: > 0 },
                _ => property.ShouldSerialize,
            };
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitDefaults } },
        };

        // Frozen so that no caller can change how definitions are written for everyone else.
        options.MakeReadOnly();
        return options;
    }
}
