namespace Madoguchi.Core.Import;

/// <summary>Collects issues in the order met.</summary>
internal sealed class IssueLog
{
    private readonly List<ImportIssue> _issues = [];

    public IReadOnlyList<ImportIssue> Issues => _issues;

    public void Add(ImportSeverity severity, string code, SourceLocation? where, string? text, string ja, string en) =>
        _issues.Add(new ImportIssue(severity, code, ja, en)
        {
            Sheet = where?.Sheet,
            Element = where?.Element,
            Row = where?.Row,
            Line = where?.Line,
            Column = where?.Column,
            Text = text,
        });

    public void Error(string code, SourceLocation? where, string? text, string ja, string en) => Add(ImportSeverity.Error, code, where, text, ja, en);

    public void Warning(string code, SourceLocation? where, string? text, string ja, string en) => Add(ImportSeverity.Warning, code, where, text, ja, en);

    public void Info(string code, SourceLocation? where, string? text, string ja, string en) => Add(ImportSeverity.Info, code, where, text, ja, en);
}
