using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Madoguchi.Data.Configurations;

internal sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> b)
    {
        b.HasIndex(e => e.Slug).IsUnique();
        b.Property(e => e.Slug).HasMaxLength(64);
        b.Property(e => e.NameJa).HasMaxLength(200);
        b.Property(e => e.NameEn).HasMaxLength(200);
        b.Property(e => e.SealOfficeText).HasMaxLength(40);

        // Existing organisations keep 年末年始 closed when the column arrives; false is written explicitly.
        b.Property(e => e.YearEndClosure).HasDefaultValue(true).HasSentinel(true);
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.HasIndex(e => e.TenantId);
        b.Property(e => e.DisplayName).HasMaxLength(200);
        b.Property(e => e.DepartmentCode).HasMaxLength(64);
        b.Property(e => e.RoleCodes).HasMaxLength(500);
    }
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> b)
    {
        b.HasIndex(e => new { e.TenantId, e.Date }).IsUnique();
        b.Property(e => e.NoteJa).HasMaxLength(200);
        b.Property(e => e.NoteEn).HasMaxLength(200);
        b.Property(e => e.CreatedBy).HasMaxLength(200);
    }
}

internal sealed class DepartmentConfiguration : IEntityTypeConfiguration<Department>
{
    public void Configure(EntityTypeBuilder<Department> b)
    {
        b.HasIndex(e => new { e.TenantId, e.Code }).IsUnique();
        b.Property(e => e.Code).HasMaxLength(64);
        b.Property(e => e.NameJa).HasMaxLength(200);
        b.Property(e => e.NameEn).HasMaxLength(200);
    }
}

internal sealed class StaffRoleConfiguration : IEntityTypeConfiguration<StaffRole>
{
    public void Configure(EntityTypeBuilder<StaffRole> b)
    {
        b.HasIndex(e => new { e.TenantId, e.Code }).IsUnique();
        b.Property(e => e.Code).HasMaxLength(64);
        b.Property(e => e.NameJa).HasMaxLength(200);
        b.Property(e => e.NameEn).HasMaxLength(200);
    }
}

internal sealed class ProcedureConfiguration : IEntityTypeConfiguration<Procedure>
{
    public void Configure(EntityTypeBuilder<Procedure> b)
    {
        b.HasIndex(e => new { e.TenantId, e.Slug }).IsUnique();
        b.Property(e => e.Slug).HasMaxLength(64);
        b.Property(e => e.TitleJa).HasMaxLength(300);
        b.Property(e => e.TitleEn).HasMaxLength(300);
        b.HasMany(e => e.Versions).WithOne().HasForeignKey(v => v.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(e => e.PublishedVersion).WithMany().HasForeignKey(e => e.PublishedVersionId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.ClosedMessageJa).HasMaxLength(1000);
        b.Property(e => e.ClosedMessageEn).HasMaxLength(1000);
    }
}

internal sealed class ProcedureVersionConfiguration : IEntityTypeConfiguration<ProcedureVersion>
{
    public void Configure(EntityTypeBuilder<ProcedureVersion> b)
    {
        b.HasIndex(e => new { e.ProcedureId, e.Number }).IsUnique();
        b.HasIndex(e => e.TenantId);
        b.Property(e => e.DefinitionSha256).HasMaxLength(64);
        b.Property(e => e.PublishedBy).HasMaxLength(200);
        b.Property(e => e.ChangeNote).HasMaxLength(ProcedureVersion.ChangeNoteMaxLength);
    }
}

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<Application>
{
    public void Configure(EntityTypeBuilder<Application> b)
    {
        b.HasIndex(e => new { e.TenantId, e.ReceiptNumber }).IsUnique();
        // Procedure first, so the same index also serves the foreign key (EF Core then makes no separate one): every
        // index is one more insert per submission.
        b.HasIndex(e => new { e.ProcedureId, e.TenantId, e.SubmittedAt });
        b.Property(e => e.ReceiptNumber).HasMaxLength(32);
        b.Property(e => e.ApplicantName).HasMaxLength(300);
        b.Property(e => e.AccessCodeHash).HasMaxLength(64);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Channel).HasConversion<string>().HasMaxLength(16);
        b.HasOne(e => e.ProcedureVersion).WithMany().HasForeignKey(e => e.ProcedureVersionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Procedure>().WithMany().HasForeignKey(e => e.ProcedureId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(e => e.Files).WithOne().HasForeignKey(f => f.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.CaseVersion).IsConcurrencyToken();
        b.Property(e => e.Language).HasMaxLength(8).HasDefaultValue("ja");
        b.Property(e => e.DeclarationText).HasMaxLength(2000);

        // Inbox columns (docs/inbox.md): the views filter on the handler and the due times; text is matched by substring.
        b.Property(e => e.CurrentStepId).HasMaxLength(64);
        b.Property(e => e.AssigneeId).HasMaxLength(128);
        b.Property(e => e.SearchText).HasMaxLength(1000);
        // Partial: a new application has no handler, so submissions do not touch this index.
        b.HasIndex(e => new { e.TenantId, e.AssigneeId }).HasFilter("\"AssigneeId\" IS NOT NULL");
        b.HasIndex(e => new { e.TenantId, e.DueAt });
        b.HasIndex(e => new { e.TenantId, e.StepDueAt });
        b.HasIndex(e => new { e.TenantId, e.ProcessingDueAt });
        b.HasIndex(e => new { e.TenantId, e.ProcedureId, e.LastActivityAt });
        // Account first and partial: serves "my applications" and the foreign key, and guest and API submissions
        // (no account) do not touch it.
        b.HasIndex(e => new { e.ApplicantAccountId, e.TenantId }).HasFilter("\"ApplicantAccountId\" IS NOT NULL");
        b.HasOne<ApplicantAccount>().WithMany().HasForeignKey(e => e.ApplicantAccountId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SealImageRecordConfiguration : IEntityTypeConfiguration<SealImageRecord>
{
    public void Configure(EntityTypeBuilder<SealImageRecord> b)
    {
        b.HasIndex(e => new { e.TenantId, e.OwnerKind, e.OwnerUserId });
        b.Property(e => e.OwnerKind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.UploadedBy).HasMaxLength(128);
        b.HasOne<AppUser>().WithMany().HasForeignKey(e => e.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>
{
    public void Configure(EntityTypeBuilder<StoredFile> b)
    {
        b.HasIndex(e => e.TenantId);
        b.HasIndex(e => e.DraftId);
        b.Property(e => e.FieldId).HasMaxLength(64);
        b.Property(e => e.OriginalName).HasMaxLength(260);
        b.Property(e => e.Kind).HasMaxLength(16);
        b.Property(e => e.ContentType).HasMaxLength(100);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.StorageKey).HasMaxLength(200);
    }
}

internal sealed class DraftConfiguration : IEntityTypeConfiguration<Draft>
{
    public void Configure(EntityTypeBuilder<Draft> b)
    {
        b.HasIndex(e => e.ResumeTokenHash).IsUnique();
        b.HasIndex(e => e.TenantId);
        b.HasIndex(e => e.CorrectionOf);
        b.Property(e => e.ResumeTokenHash).HasMaxLength(64);
    }
}

internal sealed class AnswerVersionConfiguration : IEntityTypeConfiguration<AnswerVersion>
{
    public void Configure(EntityTypeBuilder<AnswerVersion> b)
    {
        b.HasIndex(e => new { e.ApplicationId, e.Number }).IsUnique();
        b.HasIndex(e => e.TenantId);
        b.Property(e => e.Source).HasMaxLength(20);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.HasKey(e => new { e.TenantId, e.Scope, e.Key });
        b.Property(e => e.Scope).HasMaxLength(100);
        b.Property(e => e.Key).HasMaxLength(200);
        b.Property(e => e.RequestSha256).HasMaxLength(64);
    }
}

internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> b)
    {
        b.HasIndex(e => new { e.TenantId, e.EntityType, e.EntityId });
        b.Property(e => e.Actor).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.EntityType).HasMaxLength(100);
        b.Property(e => e.EntityId).HasMaxLength(100);
    }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        // The dispatcher reads waiting events in id order; a partial index holds only those (processed events, the vast
        // majority, are not in it), so the look-up stays small however long the outbox grows.
        b.HasIndex(e => e.Id).HasFilter("\"ProcessedAt\" IS NULL").HasDatabaseName("IX_OutboxMessages_Waiting");
        b.Property(e => e.Type).HasMaxLength(100);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        // A re-run of the dispatcher or the reminder job finds the row it made and adds nothing.
        b.HasIndex(e => new { e.TenantId, e.SourceKey, e.Channel, e.Recipient }).IsUnique();
        b.HasIndex(e => new { e.Status, e.NextAttemptAt });
        b.HasIndex(e => new { e.TenantId, e.CreatedAt });
        b.HasIndex(e => new { e.TenantId, e.ApplicationId });
        b.Property(e => e.SourceKey).HasMaxLength(64);
        b.Property(e => e.Event).HasMaxLength(64);
        b.Property(e => e.Recipient).HasMaxLength(320);
        b.Property(e => e.Language).HasMaxLength(8);
        b.Property(e => e.Subject).HasMaxLength(500);
        b.Property(e => e.LastError).HasMaxLength(1000);
        b.Property(e => e.Channel).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class DepartmentWebhookConfiguration : IEntityTypeConfiguration<DepartmentWebhook>
{
    public void Configure(EntityTypeBuilder<DepartmentWebhook> b)
    {
        b.HasIndex(e => new { e.TenantId, e.Department, e.Channel }).IsUnique();
        b.Property(e => e.Department).HasMaxLength(100);
        b.Property(e => e.Host).HasMaxLength(255);
        b.Property(e => e.Channel).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class WebhookSubscriptionConfiguration : IEntityTypeConfiguration<WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<WebhookSubscription> b)
    {
        b.HasIndex(e => new { e.TenantId, e.CreatedAt });
        b.Property(e => e.Url).HasMaxLength(2000);
        b.Property(e => e.Description).HasMaxLength(200);
        b.Property(e => e.EventTypes).HasMaxLength(500);
        b.Property(e => e.CreatedBy).HasMaxLength(200);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        // A re-run of the outbox step for the same event finds the delivery it made and adds nothing.
        b.HasIndex(e => new { e.SubscriptionId, e.OutboxMessageId }).IsUnique();
        b.HasIndex(e => new { e.Status, e.NextAttemptAt });
        b.HasIndex(e => new { e.TenantId, e.SubscriptionId, e.CreatedAt });
        b.HasOne<WebhookSubscription>().WithMany().HasForeignKey(e => e.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        b.Property(e => e.MessageId).HasMaxLength(64);
        b.Property(e => e.EventType).HasMaxLength(64);
        b.Property(e => e.LastError).HasMaxLength(500);
        b.Property(e => e.AttemptLog).HasMaxLength(8000);
        b.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.HasIndex(e => e.KeyHash).IsUnique();
        b.HasIndex(e => e.TenantId);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Prefix).HasMaxLength(16);
        b.Property(e => e.KeyHash).HasMaxLength(64);
        b.Property(e => e.Scopes).HasMaxLength(500);
    }
}

internal sealed class ApplicantAccountConfiguration : IEntityTypeConfiguration<ApplicantAccount>
{
    public void Configure(EntityTypeBuilder<ApplicantAccount> b)
    {
        b.HasIndex(e => new { e.TenantId, e.NormalizedEmail }).IsUnique();
        b.HasIndex(e => new { e.TenantId, e.ExternalIssuer, e.ExternalSubject }).IsUnique();
        b.Property(e => e.Email).HasMaxLength(256);
        b.Property(e => e.NormalizedEmail).HasMaxLength(256);
        b.Property(e => e.PasswordHash).HasMaxLength(200);
        b.Property(e => e.SecurityStamp).HasMaxLength(64);
        b.Property(e => e.ExternalIssuer).HasMaxLength(300);
        b.Property(e => e.ExternalSubject).HasMaxLength(300);
        b.Property(e => e.Language).HasMaxLength(8);
    }
}

internal sealed class ApplicantTokenConfiguration : IEntityTypeConfiguration<ApplicantToken>
{
    public void Configure(EntityTypeBuilder<ApplicantToken> b)
    {
        b.HasIndex(e => e.TokenHash).IsUnique();
        b.HasIndex(e => new { e.TenantId, e.AccountId });
        b.Property(e => e.TokenHash).HasMaxLength(64);
        b.Property(e => e.Purpose).HasConversion<string>().HasMaxLength(16);

        // Single use: of two requests using one token at once, the second write finds UsedAt changed and fails.
        b.Property(e => e.UsedAt).IsConcurrencyToken();
        b.HasOne<ApplicantAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CaseMessageConfiguration : IEntityTypeConfiguration<CaseMessage>
{
    public void Configure(EntityTypeBuilder<CaseMessage> b)
    {
        b.HasIndex(e => new { e.ApplicationId, e.PostKey }).IsUnique();
        b.Property(e => e.PostKey).HasMaxLength(64);
        b.HasIndex(e => new { e.TenantId, e.ApplicationId, e.CreatedAt });
        b.Property(e => e.AuthorKind).HasConversion<string>().HasMaxLength(16);
        b.Property(e => e.AuthorId).HasMaxLength(200);
        b.Property(e => e.Body).HasMaxLength(CaseMessage.BodyMaxLength);
        b.HasOne<Application>().WithMany().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(e => e.Files).WithOne().HasForeignKey(f => f.MessageId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AcademyProgrammeConfiguration : IEntityTypeConfiguration<AcademyProgramme>
{
    public void Configure(EntityTypeBuilder<AcademyProgramme> b)
    {
        b.HasIndex(e => e.TenantId).IsUnique();
        b.Property(e => e.UpdatedBy).HasMaxLength(200);
    }
}

internal sealed class LearnerConfiguration : IEntityTypeConfiguration<Learner>
{
    public void Configure(EntityTypeBuilder<Learner> b)
    {
        b.HasIndex(e => new { e.TenantId, e.EmployeeNumber }).IsUnique();
        b.HasIndex(e => new { e.TenantId, e.AppUserId });
        b.HasIndex(e => new { e.TenantId, e.DepartmentCode });
        b.Property(e => e.EmployeeNumber).HasMaxLength(20);
        b.Property(e => e.Name).HasMaxLength(100);
        b.Property(e => e.DepartmentCode).HasMaxLength(64);
        b.Property(e => e.Position).HasMaxLength(100);
        b.Property(e => e.TierId).HasMaxLength(64);
        b.Property(e => e.Email).HasMaxLength(256);
    }
}

internal sealed class LearningRecordConfiguration : IEntityTypeConfiguration<LearningRecord>
{
    public void Configure(EntityTypeBuilder<LearningRecord> b)
    {
        b.HasIndex(e => new { e.TenantId, e.LearnerId });
        b.HasIndex(e => new { e.TenantId, e.ModuleId });
        b.Property(e => e.ModuleId).HasMaxLength(64);
        b.Property(e => e.RecordedBy).HasMaxLength(200);
    }
}

internal sealed class SkillRecordConfiguration : IEntityTypeConfiguration<SkillRecord>
{
    public void Configure(EntityTypeBuilder<SkillRecord> b)
    {
        b.HasIndex(e => new { e.TenantId, e.LearnerId });
        b.Property(e => e.SkillId).HasMaxLength(64);
        b.Property(e => e.RecordedBy).HasMaxLength(200);
    }
}

internal sealed class ModuleCompletionConfiguration : IEntityTypeConfiguration<ModuleCompletion>
{
    public void Configure(EntityTypeBuilder<ModuleCompletion> b)
    {
        b.HasIndex(e => new { e.TenantId, e.LearnerId, e.ModuleId }).IsUnique();

        // Covering indexes for the dashboards' sums per learner and per month.
        b.HasIndex(e => new { e.TenantId, e.LearnerId, e.Minutes });
        b.HasIndex(e => new { e.TenantId, e.On, e.Minutes });
        b.Property(e => e.ModuleId).HasMaxLength(64);
    }
}

internal sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> b)
    {
        b.HasIndex(e => new { e.TenantId, e.LearnerId, e.CertificationId }).IsUnique();
        b.HasIndex(e => new { e.TenantId, e.On });
        b.Property(e => e.CertificationId).HasMaxLength(64);
        b.Property(e => e.PathId).HasMaxLength(64);
        b.Property(e => e.Sha256).HasMaxLength(64);
    }
}

internal sealed class ExportMappingDocumentConfiguration : IEntityTypeConfiguration<ExportMappingDocument>
{
    public void Configure(EntityTypeBuilder<ExportMappingDocument> b)
    {
        b.HasIndex(e => new { e.TenantId, e.ProcedureId, e.Name }).IsUnique();
        b.Property(e => e.Name).HasMaxLength(64);
        b.Property(e => e.UpdatedBy).HasMaxLength(200);
        b.HasOne<Procedure>().WithMany().HasForeignKey(e => e.ProcedureId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IssuedDocumentConfiguration : IEntityTypeConfiguration<IssuedDocument>
{
    public void Configure(EntityTypeBuilder<IssuedDocument> b)
    {
        b.HasIndex(e => new { e.TenantId, e.Sha256 });
        b.HasIndex(e => new { e.TenantId, e.ApplicationId });
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        b.Property(e => e.TemplateId).HasMaxLength(100);
        b.Property(e => e.FileName).HasMaxLength(260);
        b.Property(e => e.ContentType).HasMaxLength(100);
        b.Property(e => e.Sha256).HasMaxLength(64);
        b.Property(e => e.StorageKey).HasMaxLength(200);
        b.Property(e => e.SignerThumbprint).HasMaxLength(64);
        b.Property(e => e.CreatedBy).HasMaxLength(200);
        b.HasOne<Application>().WithMany().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Restrict);
    }
}
