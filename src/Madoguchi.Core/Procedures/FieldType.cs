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

    /// <summary>A titled group of fields that can be shown or hidden together; its fields answer at top level.</summary>
    [JsonStringEnumMemberName("section")] Section,

    /// <summary>A group of fields answered once per row (members, invoices); the answer is an array of row objects.</summary>
    [JsonStringEnumMemberName("repeat")] Repeat,

    /// <summary>氏名: family and given name with their katakana readings.</summary>
    [JsonStringEnumMemberName("name")] Name,

    /// <summary>住所: postal code, prefecture, city, town and street, building.</summary>
    [JsonStringEnumMemberName("address")] Address,

    /// <summary>口座: bank code, branch code, account type, number and holder name in bank kana.</summary>
    [JsonStringEnumMemberName("bankAccount")] BankAccount,
}

public static class FieldTypeExtensions
{
    /// <summary>Static blocks carry no answer.</summary>
    public static bool IsStatic(this FieldType type) => type is FieldType.Heading or FieldType.Paragraph;

    /// <summary>Sections and repeat groups hold other fields.</summary>
    public static bool IsContainer(this FieldType type) => type is FieldType.Section or FieldType.Repeat;

    /// <summary>Types whose answer is an object with named parts (see <see cref="CompositeParts"/>).</summary>
    public static bool IsComposite(this FieldType type) => type is FieldType.Name or FieldType.Address or FieldType.BankAccount;

    /// <summary>The parts of a composite answer, in display order; raw form keys are "fieldId.part".</summary>
    public static IReadOnlyList<string> CompositeParts(this FieldType type) => type switch
    {
        FieldType.Name => NameParts,
        FieldType.Address => AddressParts,
        FieldType.BankAccount => BankAccountParts,
        _ => [],
    };

    private static readonly string[] NameParts = ["family", "given", "familyKana", "givenKana"];
    private static readonly string[] AddressParts = ["postalCode", "prefecture", "city", "street", "building"];
    private static readonly string[] BankAccountParts = ["bankCode", "branchCode", "accountType", "accountNumber", "holderKana"];
}
