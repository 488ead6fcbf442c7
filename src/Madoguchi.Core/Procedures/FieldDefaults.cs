namespace Madoguchi.Core.Procedures;

/// <summary>
/// Limits that apply when a definition leaves them out, and the hard bounds a definition may set.
/// The parser keeps definitions as written (so an export round-trips exactly); the validator reads
/// the effective values through <see cref="FieldDefinition"/>'s <c>Effective*</c> members.
/// </summary>
public static class FieldDefaults
{
    public const int TextMaxLength = 200;
    public const int TextAreaMaxLength = 4000;

    /// <summary>Upper bound for any maxLength, so one answer cannot grow without limit.</summary>
    public const int MaxLengthLimit = 100_000;

    public const int MaxFiles = 1;
    public const int MaxFilesLimit = 20;
    public const long MaxFileSizeBytes = 10L * 1024 * 1024;
    public const long MaxFileSizeBytesLimit = 50L * 1024 * 1024;

    /// <summary>Digits after the decimal point when a decimal field names no scale (the most the format allows).</summary>
    public const int DecimalScale = 6;
    public const int MaxScale = 6;

    public const int MaxProcessingDays = 3650;

    /// <summary>Rows of a repeat group when the definition names no maxRows, and the most it may name.</summary>
    public const int MaxRows = 50;
    public const int MaxRowsLimit = 500;

    /// <summary>Nesting of sections inside sections (a page is level 0).</summary>
    public const int MaxSectionDepth = 3;
}
