using System.Text.Json.Nodes;
using Madoguchi.Core.Procedures;

namespace Madoguchi.Core.Answers;

/// <summary>One problem with one answer, worded for the applicant in both languages.</summary>
public sealed record FieldError(string FieldId, string Code, LocalizedText Message);

/// <summary>What the server knows about one uploaded file before it is stored.</summary>
/// <param name="DetectedKind">From <see cref="FileSniffer.Detect"/>; null when the content is of no known kind.</param>
public sealed record UploadedFileInfo(string FileName, long Length, string? DeclaredContentType, string? DetectedKind);

/// <summary>Canonical answers (field id → JSON value) for the fields that passed, and the errors of those that did not.</summary>
public sealed record AnswerValidationResult(JsonObject Answers, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Top-level fields not shown with these answers (their answers and files must not be kept).</summary>
    public IReadOnlySet<string> HiddenFields { get; init; } = new HashSet<string>();
}
