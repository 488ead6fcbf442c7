using Madoguchi.Data.Entities;
using Madoguchi.Documents.Templates;

namespace Madoguchi.Server.Features.Documents;

/// <summary>What a document is issued for; each has its own template.</summary>
public enum DocumentPurpose
{
    ApplicantCopy,
    Decision,
    NoticeGrant,
    NoticeRefusal,
}

/// <summary>
/// The template for a procedure version and purpose. For now the built-in ones (applicant-copy, decision,
/// notice-grant, notice-rejection); per-procedure templates (and the choice of 許可書 over 交付決定通知書) plug in here.
/// </summary>
public sealed class DocumentTemplates
{
    public Task<DocumentTemplate> ForAsync(ProcedureVersion procedureVersion, DocumentPurpose purpose, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(procedureVersion);
        _ = ct;
        return Task.FromResult(DocumentTemplate.BuiltIn(purpose switch
        {
            DocumentPurpose.ApplicantCopy => "applicant-copy",
            DocumentPurpose.Decision => "decision",
            DocumentPurpose.NoticeGrant => "notice-grant",
            DocumentPurpose.NoticeRefusal => "notice-rejection",
            _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
        }));
    }
}
