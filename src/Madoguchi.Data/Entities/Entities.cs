using Microsoft.AspNetCore.Identity;

namespace Madoguchi.Data.Entities;

/// <summary>Every tenant-owned row carries its tenant; the context filters and stamps it centrally.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}

/// <summary>An organization (団体): a ministry, prefecture or municipality.</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }
    public string Slug { get; set; } = "";
    public string NameJa { get; set; } = "";
    public string? NameEn { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class AppUser : IdentityUser<Guid>, ITenantOwned
{
    public Guid TenantId { get; set; }
    public string DisplayName { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public sealed class AppRole : IdentityRole<Guid>
{
    public AppRole()
    {
    }

    public AppRole(string name) : base(name)
    {
    }
}

public sealed class Procedure : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Slug { get; set; } = "";
    public string TitleJa { get; set; } = "";
    public string? TitleEn { get; set; }

    /// <summary>The working definition (JSON, format v1) that the next publish freezes.</summary>
    public string DraftDefinitionJson { get; set; } = "";

    /// <summary>The version applicants currently see; null when unpublished.</summary>
    public Guid? PublishedVersionId { get; set; }
    public ProcedureVersion? PublishedVersion { get; set; }
    public int LatestVersionNumber { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<ProcedureVersion> Versions { get; set; } = [];

    /// <summary>受付期間: applications are accepted from this instant (UTC); null = no start limit.</summary>
    public DateTime? OpensAt { get; set; }

    /// <summary>受付期間: applications are accepted until just before this instant (UTC); null = no end.</summary>
    public DateTime? ClosesAt { get; set; }

    /// <summary>Shown to applicants while the procedure is outside its period (ja, en).</summary>
    public string? ClosedMessageJa { get; set; }
    public string? ClosedMessageEn { get; set; }
}

/// <summary>An immutable, published snapshot of a procedure definition.</summary>
public sealed class ProcedureVersion : ITenantOwned
{
    public const int ChangeNoteMaxLength = 500;

    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ProcedureId { get; set; }
    public int Number { get; set; }
    public string DefinitionJson { get; set; } = "";
    public string DefinitionSha256 { get; set; } = "";
    public DateTime PublishedAt { get; set; }
    public string PublishedBy { get; set; } = "";

    /// <summary>What changed in this version, in the publisher's words (the changelog line); null when none was given.</summary>
    public string? ChangeNote { get; set; }
}

public enum ApplicationStatus
{
    Received = 0,
    InReview = 1,
    Returned = 2,
    Approved = 3,
    Rejected = 4,
    Withdrawn = 5,
}

public enum IntakeChannel
{
    Web = 0,
    Api = 1,
    Paper = 2,
    Fax = 3,
    Counter = 4,
}

/// <summary>One submission (申請) and its case.</summary>
public sealed class Application : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ProcedureId { get; set; }
    public Guid ProcedureVersionId { get; set; }
    public ProcedureVersion? ProcedureVersion { get; set; }
    public string ReceiptNumber { get; set; } = "";
    public ApplicationStatus Status { get; set; }
    public IntakeChannel Channel { get; set; }
    public string? ApplicantName { get; set; }

    /// <summary>Canonical answers (JSON object keyed by field id), file fields hold stored-file ids.</summary>
    public string AnswersJson { get; set; } = "{}";

    /// <summary>SHA-256 of the applicant's access code, for checking it.</summary>
    public string AccessCodeHash { get; set; } = "";

    /// <summary>The access code encrypted with Data Protection, so a retried submit can answer with the same code.</summary>
    public string AccessCodeProtected { get; set; } = "";
    public DateTime SubmittedAt { get; set; }
    public List<StoredFile> Files { get; set; } = [];

    /// <summary>The case (Core.Cases.CaseState as JSON): route plan, step, approvals, corrections, history. Empty until
    /// staff first act on it (the case is then opened from the receipt).</summary>
    public string CaseStateJson { get; set; } = "";

    /// <summary>The case's version, checked on every update: of two staff acting at once only one succeeds.</summary>
    public int CaseVersion { get; set; }

    /// <summary>The applicant account that owns this application (submitted while signed in, or claimed); null for guests.</summary>
    public Guid? ApplicantAccountId { get; set; }
}

/// <summary>A file held in the file store under a generated name.</summary>
public sealed class StoredFile : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid? ApplicationId { get; set; }
    public Guid? DraftId { get; set; }

    /// <summary>Set when the file is an attachment of a message in the application's thread.</summary>
    public Guid? MessageId { get; set; }
    public string FieldId { get; set; } = "";
    public string OriginalName { get; set; } = "";
    public string Kind { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Length { get; set; }
    public string Sha256 { get; set; } = "";
    public string StorageKey { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>A portal draft, resumable through an unguessable link.</summary>
public sealed class Draft : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ProcedureId { get; set; }
    public Guid ProcedureVersionId { get; set; }
    public string ResumeTokenHash { get; set; } = "";

    /// <summary>Raw values as entered (field id → list of strings), so the form re-renders exactly.</summary>
    public string ValuesJson { get; set; } = "{}";
    public Guid? ApplicationId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>Makes a retried submit return the first result instead of creating a second application.</summary>
public sealed class IdempotencyRecord : ITenantOwned
{
    public Guid TenantId { get; set; }
    public string Scope { get; set; } = "";
    public string Key { get; set; } = "";
    public string RequestSha256 { get; set; } = "";
    public Guid ApplicationId { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>Append-only audit trail. Details never hold answers or secrets.</summary>
public sealed class AuditRecord : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public DateTime At { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string? Details { get; set; }
}

/// <summary>Events committed with the change that caused them; workers deliver them later.</summary>
public sealed class OutboxMessage : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public string Type { get; set; } = "";
    public string PayloadJson { get; set; } = "{}";
    public DateTime CreatedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
}

/// <summary>A staff automation key; only its SHA-256 is stored.</summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>
/// An applicant's account (申請者アカウント), per tenant and apart from staff users: e-mail and password, or an external
/// OpenID Connect identity. Only hashes of passwords and tokens are stored.
/// </summary>
public sealed class ApplicantAccount : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The address as typed (trimmed), for mail; may be empty for an external account without one.</summary>
    public string Email { get; set; } = "";

    /// <summary>The password sign-in key (NFKC, upper case), unique per tenant; null for external-only accounts.</summary>
    public string? NormalizedEmail { get; set; }

    /// <summary>ASP.NET Core PasswordHasher output; null for external-only accounts.</summary>
    public string? PasswordHash { get; set; }
    public DateTime? EmailVerifiedAt { get; set; }
    public int FailedSignIns { get; set; }
    public DateTime? LockoutEnd { get; set; }

    /// <summary>Changed on every password reset: cookies issued before it stop working.</summary>
    public string SecurityStamp { get; set; } = "";
    public string? ExternalIssuer { get; set; }
    public string? ExternalSubject { get; set; }
    public string Language { get; set; } = "ja";
    public DateTime CreatedAt { get; set; }
}

public enum ApplicantTokenPurpose
{
    VerifyEmail = 0,
    ResetPassword = 1,
}

/// <summary>A single-use, expiring link token for an applicant account; only its SHA-256 is stored.</summary>
public sealed class ApplicantToken : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid AccountId { get; set; }
    public ApplicantTokenPurpose Purpose { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}

public enum MessageAuthorKind
{
    Staff = 0,
    Applicant = 1,
}

/// <summary>One message in an application's thread between staff and the applicant, or a staff-only note (内部メモ).</summary>
public sealed class CaseMessage : ITenantOwned
{
    public const int BodyMaxLength = 4000;

    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ApplicationId { get; set; }
    public MessageAuthorKind AuthorKind { get; set; }

    /// <summary>"staff:{id}", "applicant:{accountId}" or "applicant:{receipt}" for a guest.</summary>
    public string AuthorId { get; set; } = "";
    public string Body { get; set; } = "";

    /// <summary>A staff-only note: never shown to the applicant, never announced to them.</summary>
    public bool Internal { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<StoredFile> Files { get; set; } = [];
}
