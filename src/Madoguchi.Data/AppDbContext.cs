using Madoguchi.Data.Entities;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Madoguchi.Data;

/// <summary>Who the current unit of work acts for. Null means "no tenant": only system code may run so.</summary>
public interface ITenantContext
{
    Guid? TenantId { get; }
}

/// <summary>The one DbContext. Tenant-owned sets are filtered to the current tenant and stamped on save.</summary>
public sealed class AppDbContext : IdentityDbContext<AppUser, AppRole, Guid>, IDataProtectionKeyContext
{
    /// <summary>
    /// One constructor taking only options, so contexts can be pooled. Whoever hands a context out binds it to a
    /// tenant through <see cref="Tenant"/> (the server's factory does so on every rent); unbound means no tenant.
    /// </summary>
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
    }

    /// <summary>Who this unit of work acts for; set on every rent from the pool, so it never leaks between uses.</summary>
    public ITenantContext? Tenant { get; set; }

    /// <summary>Read by the query filters; EF Core evaluates it per query, not once per model.</summary>
    public Guid? CurrentTenantId => Tenant?.TenantId;

    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<Procedure> Procedures => Set<Procedure>();
    public DbSet<ProcedureVersion> ProcedureVersions => Set<ProcedureVersion>();
    public DbSet<Application> Applications => Set<Application>();
    public DbSet<StoredFile> StoredFiles => Set<StoredFile>();
    public DbSet<Draft> Drafts => Set<Draft>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<AuditRecord> AuditRecords => Set<AuditRecord>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Department> Departments => Set<Department>();
    public DbSet<AnswerVersion> AnswerVersions => Set<AnswerVersion>();
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<StaffRole> StaffRoles => Set<StaffRole>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<DepartmentWebhook> DepartmentWebhooks => Set<DepartmentWebhook>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<ApplicantAccount> ApplicantAccounts => Set<ApplicantAccount>();
    public DbSet<ApplicantToken> ApplicantTokens => Set<ApplicantToken>();
    public DbSet<CaseMessage> CaseMessages => Set<CaseMessage>();
    public DbSet<AcademyProgramme> AcademyProgrammes => Set<AcademyProgramme>();
    public DbSet<Learner> Learners => Set<Learner>();
    public DbSet<LearningRecord> LearningRecords => Set<LearningRecord>();
    public DbSet<SkillRecord> SkillRecords => Set<SkillRecord>();
    public DbSet<ModuleCompletion> ModuleCompletions => Set<ModuleCompletion>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<ExportMappingDocument> ExportMappings => Set<ExportMappingDocument>();
    public DbSet<IssuedDocument> IssuedDocuments => Set<IssuedDocument>();
    public DbSet<SealImageRecord> SealImages => Set<SealImageRecord>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        if (Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // Answers are stored as text, not jsonb: the server writes them (always valid JSON) and reads them whole, and
            // jsonb would make PostgreSQL parse ~15 KB of JSON on every insert and print it back on every read — about
            // a fifth of its CPU per submission (docs/performance.md). Operators can still query answers in SQL with a
            // cast: "AnswersJson"::jsonb ->> 'fieldId'. The migration AnswersLz4 compresses them with lz4.
            builder.Entity<Application>().Property(e => e.AnswersJson).HasColumnType("text");
            builder.Entity<AnswerVersion>().Property(e => e.AnswersJson).HasColumnType("text");
        }

        // One filter shape for every tenant-owned set except users (login looks users up before any tenant is known).
        builder.Entity<Procedure>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<ProcedureVersion>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<Application>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<StoredFile>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<Draft>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<IdempotencyRecord>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<AuditRecord>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<OutboxMessage>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<ApiKey>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<AcademyProgramme>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<Learner>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<LearningRecord>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<SkillRecord>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<ModuleCompletion>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<Certificate>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<CalendarDay>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<AnswerVersion>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<Department>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<StaffRole>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<Notification>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<DepartmentWebhook>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<WebhookSubscription>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<WebhookDelivery>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<ApplicantAccount>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<ApplicantToken>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<CaseMessage>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<ExportMappingDocument>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<IssuedDocument>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
        builder.Entity<SealImageRecord>().HasQueryFilter(e => e.TenantId == CurrentTenantId);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampTenant();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampTenant();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampTenant()
    {
        var current = CurrentTenantId;
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State == EntityState.Added && entry.Entity.TenantId == Guid.Empty)
            {
                entry.Entity.TenantId = current
                    ?? throw new InvalidOperationException("A tenant-owned row was added without a tenant.");
            }

            // Issued documents are immutable: only SupersededById may be set, once, when a later revision replaces one.
            if (entry is { State: EntityState.Modified, Entity: IssuedDocument }
                && entry.Properties.Any(p => p.IsModified && (p.Metadata.Name != nameof(IssuedDocument.SupersededById) || p.OriginalValue is not null)))
            {
                throw new InvalidOperationException("An issued document cannot be changed.");
            }

            if (entry is { State: EntityState.Deleted, Entity: IssuedDocument })
            {
                throw new InvalidOperationException("An issued document cannot be deleted.");
            }

            if (current is { } tenantId
                && entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && entry.Entity.TenantId != tenantId)
            {
                throw new InvalidOperationException("A row of another tenant was about to be written.");
            }
        }
    }

    private sealed class UtcDateTimeConverter : ValueConverter<DateTime, DateTime>
    {
        public UtcDateTimeConverter()
            : base(v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc))
        {
        }
    }
}
