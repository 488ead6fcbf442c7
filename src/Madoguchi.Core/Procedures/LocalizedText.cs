using System.Globalization;
using System.Text.Json.Serialization;

namespace Madoguchi.Core.Procedures;

/// <summary>A piece of UI text in Japanese (required) and English (optional, falls back to Japanese).</summary>
public sealed record LocalizedText
{
    [JsonConstructor]
    public LocalizedText(string ja, string? en = null)
    {
        Ja = ja;
        En = en;
    }

    [JsonPropertyName("ja")]
    public string Ja { get; init; }

    [JsonPropertyName("en")]
    public string? En { get; init; }

    /// <summary>Text for a culture: English when the culture is English and a translation exists, else Japanese.</summary>
    public string For(CultureInfo culture)
    {
        ArgumentNullException.ThrowIfNull(culture);
        return culture.TwoLetterISOLanguageName == "en" && !string.IsNullOrEmpty(En) ? En : Ja;
    }

    public string For(string language) =>
        language == "en" && !string.IsNullOrEmpty(En) ? En : Ja;

    public override string ToString() => Ja;
}
