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
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: false);

    /// <summary>The same document indented by two spaces, for files people keep in Git and read in review.</summary>
    public static JsonSerializerOptions IndentedOptions { get; } = CreateOptions(indented: true);

    public static string Serialize(ProcedureDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return JsonSerializer.Serialize(d, Options);
    }

    /// <summary>Indented, with a final newline: what <c>procedure export</c> writes.</summary>
    public static string SerializeIndented(ProcedureDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return JsonSerializer.Serialize(d, IndentedOptions) + "\n";
    }

    /// <summary>
    /// Leaves out values that only restate the default (an empty label on a heading, "required": false, an empty
    /// requirements, checks or page branch list) so that written definitions stay short and read back without
    /// "does not apply" problems.
    /// </summary>
    private static void OmitDefaults(JsonTypeInfo typeInfo)
    {
        var isField = typeInfo.Type == typeof(FieldDefinition);
        var isProcedure = typeInfo.Type == typeof(ProcedureDefinition);
        var isPage = typeInfo.Type == typeof(PageDefinition);
        foreach (var property in typeInfo.Properties)
        {
            property.ShouldSerialize = (isField, isProcedure || isPage, property.Name) switch
            {
                (true, _, "label") => (_, value) => value is LocalizedText { Ja.Length: > 0 } or LocalizedText { En: not null },
                (true, _, "required") or (_, true, "requiresAccount") => (_, value) => value is true,
                (_, true, "sealPolicy") => (_, value) => value is not SealPolicy.None,
                (_, true, "documents") => (_, value) => value is IReadOnlyDictionary<string, JsonElement> { Count: > 0 },
                (_, true, "requirements") => (_, value) => value is IReadOnlyList<LocalizedText> { Count: > 0 },
                (_, true, "checks") => (_, value) => value is IReadOnlyList<CheckRule> { Count: > 0 },
                (_, true, "next") => (_, value) => value is IReadOnlyList<PageBranch> { Count: > 0 },
                _ => property.ShouldSerialize,
            };
        }
    }

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = JsonNamingPolicy.CamelCase,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitDefaults } },
        };

        // Frozen so that no caller can change how definitions are written for everyone else.
        options.MakeReadOnly();
        return options;
    }
}
