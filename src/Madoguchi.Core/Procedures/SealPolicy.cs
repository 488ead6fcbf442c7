using System.Text.Json.Serialization;

namespace Madoguchi.Core.Procedures;

/// <summary>
/// What a procedure asks of the applicant in place of a seal (押印): nothing, a declaration checkbox on the
/// confirmation screen, or a sign-in whose identity a configured identity provider has verified. See docs/procedure-format.md.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<SealPolicy>))]
public enum SealPolicy
{
    /// <summary>押印不要: nothing beyond the form.</summary>
    [JsonStringEnumMemberName("none")] None,

    /// <summary>The applicant ticks a declaration (宣誓) that the application is true before submitting.</summary>
    [JsonStringEnumMemberName("declaration")] Declaration,

    /// <summary>The applicant must be signed in with an identity-verified account (an OpenID Connect provider).</summary>
    [JsonStringEnumMemberName("identity")] Identity,
}

public static class SealPolicies
{
    /// <summary>The JSON names, in the order the designer lists them.</summary>
    public static readonly IReadOnlyList<string> Names = ["none", "declaration", "identity"];

    public static string Name(this SealPolicy policy) => policy switch
    {
        SealPolicy.Declaration => "declaration",
        SealPolicy.Identity => "identity",
        _ => "none",
    };

    public static SealPolicy? Parse(string? name) => name switch
    {
        "none" => SealPolicy.None,
        "declaration" => SealPolicy.Declaration,
        "identity" => SealPolicy.Identity,
        _ => null,
    };

    /// <summary>The declaration shown when the procedure gives none.</summary>
    public static readonly LocalizedText DefaultDeclaration = new(
        "申請内容に偽りがないことを誓約します。",
        "I declare that the information in this application is true and correct.");

    /// <summary>The text the applicant declares for this procedure: its own or the default.</summary>
    public static LocalizedText DeclarationOf(ProcedureDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return definition.Declaration ?? DefaultDeclaration;
    }
}
