namespace Madoguchi.Core.Procedures;

/// <summary>The document kinds a procedure may give its own template for (<c>documents</c> in format v1).</summary>
public static class ProcedureDocuments
{
    public const string NoticeGrant = "notice-grant";
    public const string NoticeRejection = "notice-rejection";
    public const string NoticePermit = "notice-permit";
    public const string ApplicantCopy = "applicant-copy";

    /// <summary>Every kind, in the order the designer lists them; each is also the id of a built-in template.</summary>
    public static readonly IReadOnlyList<string> Kinds = [NoticeGrant, NoticeRejection, NoticePermit, ApplicantCopy];

    /// <summary>The kind's name for people.</summary>
    public static LocalizedText Title(string kind) => kind switch
    {
        NoticeGrant => new("交付決定通知書", "Notice of grant decision"),
        NoticeRejection => new("不承認通知書", "Notice of rejection"),
        NoticePermit => new("許可書", "Permit"),
        ApplicantCopy => new("申請控え", "Applicant's copy"),
        _ => new(kind),
    };
}
