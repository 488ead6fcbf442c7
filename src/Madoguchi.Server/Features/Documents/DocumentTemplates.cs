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
/// The template for a procedure version and purpose: the procedure's own (edited in the designer's 「文書」 panel,
/// <see cref="Seals.ProcedureTemplates"/>) else the built-in. A grant issues the procedure's 許可書 (<c>notice-permit</c>)
/// when the procedure defines one and no 交付決定通知書 of its own, else the 交付決定通知書.
/// </summary>
public sealed class DocumentTemplates(Seals.ProcedureTemplates templates, Procedures.DefinitionCache definitions)
{
    public Task<DocumentTemplate> ForAsync(ProcedureVersion procedureVersion, DocumentPurpose purpose, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(procedureVersion);
        if (purpose == DocumentPurpose.Decision)
        {
            // The decision document (決裁文書) is not edited per procedure: always the built-in.
            return Task.FromResult(DocumentTemplate.BuiltIn("decision"));
        }

        return templates.ForAsync(procedureVersion, purpose switch
        {
            DocumentPurpose.ApplicantCopy => "applicant-copy",
            DocumentPurpose.NoticeGrant => GrantKind(procedureVersion),
            DocumentPurpose.NoticeRefusal => "notice-rejection",
            _ => throw new ArgumentOutOfRangeException(nameof(purpose)),
        }, ct);
    }

    private string GrantKind(ProcedureVersion procedureVersion)
    {
        var own = definitions.Get(procedureVersion).Documents;
        return own is not null && own.ContainsKey("notice-permit") && !own.ContainsKey("notice-grant") ? "notice-permit" : "notice-grant";
    }
}
