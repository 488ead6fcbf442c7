namespace Madoguchi.Core.Procedures;

/// <summary>
/// The file kinds a file field may accept. A kind is decided from the file's content (see
/// <c>Madoguchi.Core.Answers.FileSniffer</c>), never from its name alone.
/// </summary>
public static class FileKinds
{
    public const string Pdf = "pdf";
    public const string Png = "png";
    public const string Jpeg = "jpeg";
    public const string Gif = "gif";
    public const string Tiff = "tiff";
    public const string Txt = "txt";
    public const string Csv = "csv";
    public const string Docx = "docx";
    public const string Xlsx = "xlsx";

    /// <summary>Every kind the format knows, in documentation order.</summary>
    public static IReadOnlyList<string> All { get; } = [Pdf, Png, Jpeg, Gif, Tiff, Txt, Csv, Docx, Xlsx];

    /// <summary>What a file field accepts when its definition names no kinds.</summary>
    public static IReadOnlyList<string> DefaultAccept { get; } = [Pdf, Png, Jpeg];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
