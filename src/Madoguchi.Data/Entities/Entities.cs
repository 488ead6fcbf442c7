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

    /// <summary>Whether the office closes 12/29–1/3 (年末年始); on unless the organisation's 休日条例 says otherwise.</summary>
    public bool YearEndClosure { get; set; } = true;

    /// <summary>
    /// The office named on the generated official seal after the organisation's name (e.g. 「長」 for 金沢市長之印,
    /// or 「市長」 with a name of 金沢); null = the organisation's name alone.
    /// </summary>
    public string? SealOfficeText { get; set; }
}

/// <summary>Whose seal an uploaded image is: a staff member's 認印 or the organisation's 角印/公印.</summary>
public enum SealOwnerKind
{
    Personal = 0,
    Official = 1,
}

/// <summary>
/// An uploaded seal image (PNG) replacing a generated seal: a staff member's personal seal (<see cref="OwnerUserId"/>
/// set) or the organisation's official seal (one per tenant, no owner). Removing the upload goes back to the generated seal.
/// </summary>
public sealed class SealImageRecord : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public SealOwnerKind OwnerKind { get; set; }
    public Guid? OwnerUserId { get; set; }

    /// <summary>The PNG as uploaded (validated: signature, header, size ≤ 200 KB, dimensions).</summary>
    public byte[] Png { get; set; } = [];

    /// <summary>SHA-256 of <see cref="Png"/>, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
    public DateTime UploadedAt { get; set; }

    /// <summary>The actor (<c>staff:&lt;guid&gt;</c>) who uploaded it.</summary>
    public string UploadedBy { get; set; } = "";
}

/// <summary>
/// A day the organisation's 開庁日 differ from the national calendar: a 臨時休業日 (closed) or a 臨時開庁日 (open).
/// Deadlines in business days (標準処理期間, route steps) count with them.
/// </summary>
public sealed class CalendarDay : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public DateOnly Date { get; set; }

    /// <summary>True for a 臨時開庁日 (open although it would be closed), false for a 臨時休業日.</summary>
    public bool Open { get; set; }
    public string NoteJa { get; set; } = "";
    public string? NoteEn { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
}

public sealed class AppUser : IdentityUser<Guid>, ITenantOwned
{
    public Guid TenantId { get; set; }
    public string DisplayName { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>The department (課) the staff member belongs to: a <see cref="Department.Code"/>, or null.</summary>
    public string? DepartmentCode { get; set; }

    /// <summary>
    /// The job roles (職位, e.g. <c>reviewer sectionChief</c>) the staff member holds, as <see cref="StaffRole.Code"/>s
    /// separated by spaces. Approval routes name these in a step's <c>role</c>.
    /// </summary>
    public string RoleCodes { get; set; } = "";
}

/// <summary>A department (課・係) of the organisation; approval routes and inboxes refer to it by code.</summary>
public sealed class Department : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Stable code used in routes (<c>welfare</c>); letters, digits, '-' and '_'.</summary>
    public string Code { get; set; } = "";
    public string NameJa { get; set; } = "";
    public string? NameEn { get; set; }
    public int SortOrder { get; set; }
}

/// <summary>A job role (職位) staff can hold, e.g. 担当者, 係長, 課長, 部長; routes refer to it by code.</summary>
public sealed class StaffRole : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Code { get; set; } = "";
    public string NameJa { get; set; } = "";
    public string? NameEn { get; set; }

    /// <summary>Higher is more senior (used for ordering lists only, never for authority).</summary>
    public int Rank { get; set; }
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

    /// <summary>"ja" or "en": the language the applicant used, so notifications are written in it.</summary>
    public string Language { get; set; } = "ja";

    /// <summary>For a procedure with <c>sealPolicy: declaration</c>: the declaration text the applicant ticked, as shown.</summary>
    public string? DeclarationText { get; set; }

    /// <summary>When the applicant ticked the declaration (UTC, the submission time); null when none was asked.</summary>
    public DateTime? DeclaredAt { get; set; }
    // Inbox columns: copies of what the case says (Core.Cases.CaseIndex), written with every accepted command and at
    // submission, so the staff inbox filters with indexed queries instead of reading every case. See docs/inbox.md.

    /// <summary>The step being worked on or waited for (null when awaiting the decision or closed).</summary>
    public string? CurrentStepId { get; set; }

    /// <summary>The actor id (<c>staff:&lt;guid&gt;</c>) of the current step's handler (担当者), if any.</summary>
    public string? AssigneeId { get; set; }

    /// <summary>Department codes the current step admits, as <c> a b </c> (null: none named).</summary>
    public string? StepDepartments { get; set; }

    /// <summary>Role codes the current step admits, as <c> a b </c> (null: none named).</summary>
    public string? StepRoles { get; set; }

    /// <summary>At a consultation in review, the keys (<c>role|department|staff</c>) of the parties still to answer, as <c> k1 k2 </c>.</summary>
    public string? StepParties { get; set; }

    /// <summary>When the current step becomes overdue (00:00 JST after its last business day, UTC); null while the applicant holds the case.</summary>
    public DateTime? StepDueAt { get; set; }

    /// <summary>When the 標準処理期間 runs out (00:00 JST after its last day, UTC); null without one, while the applicant holds the case, or closed.</summary>
    public DateTime? ProcessingDueAt { get; set; }

    /// <summary>The earlier of <see cref="StepDueAt"/> and <see cref="ProcessingDueAt"/> (the inbox's due/overdue views and sort).</summary>
    public DateTime? DueAt { get; set; }

    /// <summary>The last submission, resubmission or accepted case command (UTC).</summary>
    public DateTime LastActivityAt { get; set; }

    /// <summary>Receipt number, applicant name and short answers, normalized for search (Core.Search.SearchText); null until indexed.</summary>
    public string? SearchText { get; set; }
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

    /// <summary>
    /// For a correction (補正) draft: the application being corrected. It starts from that application's answers and
    /// is resubmitted into it (then <see cref="ApplicationId"/> is set too); null for a new application.
    /// </summary>
    public Guid? CorrectionOf { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}

/// <summary>
/// One version of an application's answers. Written when answers change after receipt (a correction): version 1
/// holds the answers as first submitted, each resubmission adds the next. Never updated or deleted.
/// </summary>
public sealed class AnswerVersion : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ApplicationId { get; set; }
    public int Number { get; set; }
    public string AnswersJson { get; set; } = "{}";

    /// <summary>"submitted" or "resubmitted".</summary>
    public string Source { get; set; } = "";
    public DateTime CreatedAt { get; set; }
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

    /// <summary>Space-separated scopes (e.g. "webhooks"); null = every scope (keys made before scopes existed).</summary>
    public string? Scopes { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public enum NotificationChannel
{
    Email = 0,
    Teams = 1,
    Slack = 2,
}

public enum NotificationStatus
{
    Pending = 0,
    Sent = 1,
    Failed = 2,
    Skipped = 3,
}

/// <summary>
/// One message to one recipient (an email address or a department's webhook), made from an outbox event or a
/// reminder run and delivered with retries. The log staff read; bodies are kept so a retry sends the same text.
/// </summary>
public sealed class Notification : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The outbox event it came from; null for reminders.</summary>
    public long? OutboxMessageId { get; set; }

    /// <summary>What makes it unique with channel and recipient: "outbox:{id}" or "reminder:{date}" (a re-run never duplicates).</summary>
    public string SourceKey { get; set; } = "";
    public Guid? ApplicationId { get; set; }
    public string Event { get; set; } = "";
    public NotificationChannel Channel { get; set; }

    /// <summary>An email address, or the id of a <see cref="DepartmentWebhook"/>; empty when there was nobody to write to.</summary>
    public string Recipient { get; set; } = "";
    public string Language { get; set; } = "ja";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public NotificationStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Retries stop after this (null: the created time plus the configured window); staff "retry now" extends it.</summary>
    public DateTime? RetryUntil { get; set; }

    /// <summary>Why the last attempt failed or why it was skipped; never an address or a body.</summary>
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
}

/// <summary>A department's Teams or Slack incoming webhook; the URL is a secret, kept protected with Data Protection.</summary>
public sealed class DepartmentWebhook : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>The department code, as route steps name it (<c>"department"</c>).</summary>
    public string Department { get; set; } = "";
    public NotificationChannel Channel { get; set; }
    public string UrlProtected { get; set; } = "";

    /// <summary>The URL's host, shown to admins instead of the secret URL.</summary>
    public string Host { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
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

    /// <summary>
    /// The key of the form the message was written in (one per rendered form): a reloaded or double-clicked post with the
    /// same key finds this message instead of adding a second one. Null for staff posts from the back office.
    /// </summary>
    public string? PostKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public List<StoredFile> Files { get; set; } = [];
}

/// <summary>
/// An organisation's digital-talent programme (Core.Academy.AcademyCatalog as JSON) and its maker policy: which
/// certification is required to design, publish or manage routes. One row per tenant.
/// </summary>
public sealed class AcademyProgramme : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string CatalogJson { get; set; } = "{}";

    /// <summary>MakerAction name → certification id, as JSON (e.g. {"Publish":"cert-leader"}); empty means open.</summary>
    public string PolicyJson { get; set; } = "{}";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>A staff member in the programme (from the personnel list), linked to a sign-in when they have one.</summary>
public sealed class Learner : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string EmployeeNumber { get; set; } = "";
    public string Name { get; set; } = "";
    public string? DepartmentCode { get; set; }
    public string? Position { get; set; }
    public string TierId { get; set; } = "";
    public string? Email { get; set; }

    /// <summary>The staff sign-in of this person (matched by e-mail at import), if any.</summary>
    public Guid? AppUserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One attempt at a module: completed/attended, or a quiz score. Attempts are never edited, only added.</summary>
public sealed class LearningRecord : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LearnerId { get; set; }
    public string ModuleId { get; set; } = "";
    public DateOnly On { get; set; }
    public bool Completed { get; set; }
    public int? Score { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

/// <summary>A skill level: self-assessed by the learner, or validated by a leader or advisor.</summary>
public sealed class SkillRecord : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LearnerId { get; set; }
    public string SkillId { get; set; } = "";
    public int Level { get; set; }
    public bool Validated { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateOnly On { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// The day a learner's module first counted as done, with the hours it credited (one row per learner and module,
/// kept in step with <see cref="LearningRecord"/> by the academy service and rebuilt when the programme changes), so
/// that the dashboards add hours up in SQL.
/// </summary>
public sealed class ModuleCompletion : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LearnerId { get; set; }
    public string ModuleId { get; set; } = "";
    public DateOnly On { get; set; }

    /// <summary>The module's hours in minutes (whole minutes add up exactly in SQL on every provider).</summary>
    public int Minutes { get; set; }
}

/// <summary>
/// A certification a learner earned by completing a learning path (修了), once per learner and certification, with
/// the certificate PDF (修了証) once issued: rendered, signed, and its SHA-256.
/// </summary>
public sealed class Certificate : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid LearnerId { get; set; }
    public string CertificationId { get; set; } = "";
    public string PathId { get; set; } = "";

    /// <summary>The day the path was completed.</summary>
    public DateOnly On { get; set; }

    /// <summary>The signed PDF; null until issued (demo records are issued on first download).</summary>
    public byte[]? Pdf { get; set; }

    /// <summary>Lower-case hex SHA-256 of <see cref="Pdf"/>.</summary>
    public string? Sha256 { get; set; }
    public DateTime? IssuedAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A named column mapping for exports of one procedure (基幹系 import layouts): a JSON document in the format of
/// Core.Exports.ExportMapping, checked against the procedure when saved and again when used. See docs/exports.md.
/// </summary>
public sealed class ExportMappingDocument : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ProcedureId { get; set; }

    /// <summary>What the export's <c>mapping=</c> parameter names: lower-case ASCII letters, digits and hyphens.</summary>
    public string Name { get; set; } = "";
    public string Json { get; set; } = "{}";
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}

/// <summary>What an issued document is (docs/documents.md).</summary>
public enum IssuedDocumentKind
{
    /// <summary>申請控え: the applicant's copy of the application.</summary>
    ApplicantCopy,

    /// <summary>決裁文書: the decision document, one revision per approval signature.</summary>
    Decision,

    /// <summary>通知書: the notice of the final decision (交付決定通知書, 許可書, 不承認通知書) with the 公印.</summary>
    Notice,
}

/// <summary>
/// A PDF the organisation issued, kept in the file store under a generated name with its SHA-256 (which the public
/// verification matches). Rows are never changed once written, except that <see cref="SupersededById"/> is set once
/// when a later revision (the next signature on a decision document) replaces this one; the earlier bytes stay.
/// </summary>
public sealed class IssuedDocument : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid ApplicationId { get; set; }
    public IssuedDocumentKind Kind { get; set; }

    /// <summary>The template it was rendered from (built-in id or the procedure's own template id).</summary>
    public string TemplateId { get; set; } = "";

    /// <summary>1 for a first rendering; a decision document gets revision n+1 for each added signature.</summary>
    public int Revision { get; set; }

    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "application/pdf";
    public long Size { get; set; }

    /// <summary>SHA-256 of the whole file, lower-case hex.</summary>
    public string Sha256 { get; set; } = "";
    public string StorageKey { get; set; } = "";

    /// <summary>SHA-256 thumbprint (hex) of the certificate of the last signature; null when unsigned.</summary>
    public string? SignerThumbprint { get; set; }
    public int SignatureCount { get; set; }
    public DateTime CreatedAt { get; set; }

    /// <summary>The staff actor id whose action caused it, or "system" / the applicant actor.</summary>
    public string CreatedBy { get; set; } = "";
    public Guid? SupersededById { get; set; }

    /// <summary>A decision document's approver seal slots as JSON (<c>[{"step","page","x","y","size"}]</c>), so later approvals sign in place.</summary>
    public string? ApproverSlotsJson { get; set; }
}

/// <summary>
/// An outgoing Standard Webhooks subscription (docs/webhooks.md): events of one procedure (or all) are POSTed,
/// signed, to <see cref="Url"/>. Secrets are "whsec_…" strings kept protected with Data Protection; the previous
/// secret keeps signing until <see cref="PreviousSecretExpiresAt"/> so receivers can rotate without a gap.
/// </summary>
public sealed class WebhookSubscription : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public string Url { get; set; } = "";
    public string Description { get; set; } = "";

    /// <summary>Null = every procedure of the tenant.</summary>
    public Guid? ProcedureId { get; set; }

    /// <summary>Space-separated public event types (application.received, …).</summary>
    public string EventTypes { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>Whether payloads carry the answers (personal data); off unless an admin turns it on.</summary>
    public bool IncludeAnswers { get; set; }
    public string SecretProtected { get; set; } = "";
    public string? PreviousSecretProtected { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime UpdatedAt { get; set; }
}

public enum WebhookDeliveryStatus
{
    Pending = 0,
    Delivered = 1,
    Dead = 2,
}

/// <summary>
/// One event for one subscription. <see cref="MessageId"/> is the webhook-id header, the same for every attempt and
/// resend. <see cref="AttemptLog"/> is a bounded JSON array of the latest attempts (time, status code, error).
/// </summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SubscriptionId { get; set; }

    /// <summary>The outbox event it was made from (null for a test ping); unique per subscription.</summary>
    public long? OutboxMessageId { get; set; }
    public string MessageId { get; set; } = "";
    public string EventType { get; set; } = "";
    public string Payload { get; set; } = "{}";
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }

    /// <summary>The first attempt of the current retry window (reset by a manual resend).</summary>
    public DateTime? WindowStartedAt { get; set; }
    public WebhookDeliveryStatus Status { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public string AttemptLog { get; set; } = "[]";
    public DateTime CreatedAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
}
