using System.Text.Json.Serialization;

namespace Madoguchi.Core.Procedures;

/// <summary>The kinds of field a procedure form may contain (format v1). JSON names are camelCase.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FieldType>))]
public enum FieldType
{
    [JsonStringEnumMemberName("text")] Text,
    [JsonStringEnumMemberName("textarea")] TextArea,
    [JsonStringEnumMemberName("integer")] Integer,
    [JsonStringEnumMemberName("decimal")] Decimal,
    [JsonStringEnumMemberName("date")] Date,
    [JsonStringEnumMemberName("choice")] Choice,
    [JsonStringEnumMemberName("multiChoice")] MultiChoice,
    [JsonStringEnumMemberName("yesNo")] YesNo,
    [JsonStringEnumMemberName("email")] Email,
    [JsonStringEnumMemberName("phone")] Phone,
    [JsonStringEnumMemberName("postalCode")] PostalCode,
    [JsonStringEnumMemberName("corporateNumber")] CorporateNumber,
    [JsonStringEnumMemberName("kana")] Kana,
    [JsonStringEnumMemberName("file")] File,
    [JsonStringEnumMemberName("heading")] Heading,
    [JsonStringEnumMemberName("paragraph")] Paragraph,
}

public static class FieldTypeExtensions
{
    /// <summary>Static blocks carry no answer.</summary>
    public static bool IsStatic(this FieldType type) => type is FieldType.Heading or FieldType.Paragraph;
}
