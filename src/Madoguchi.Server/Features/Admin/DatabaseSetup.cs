using System.Text.Json;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Admin;

/// <summary>Start-up work: migrations, roles, and on first start of a demo install the demo tenant and content.</summary>
public static class DatabaseSetup
{
    public const string DemoAdminEmail = "admin@demo.madoguchi.jp";

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MadoguchiOptions>>().Value;
        if (options.MigrateAtStartup)
        {
            await MigrateAsync(app.Services);
        }

        if (options.SeedDemo)
        {
            await SeedDemoAsync(app.Services, app.Logger, options, [Path.Combine(AppContext.BaseDirectory, "samples"), Path.Combine(AppContext.BaseDirectory, "templates")]);
        }
    }

    public static async Task MigrateAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.MigrateAsync();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<AppRole>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new AppRole(role));
            }
        }

        // Applications received before the inbox columns existed get them once (idempotent: only unindexed rows).
        var indexed = await Cases.CaseColumns.BackfillAsync(db, scope.ServiceProvider.GetRequiredService<DefinitionCache>(), scope.ServiceProvider.GetRequiredService<Features.Calendar.TenantCalendars>(), CancellationToken.None);
        if (indexed > 0)
        {
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseSetup)).LogInformation("Inbox columns filled for {Count} applications", indexed);
        }
    }

    public static async Task<Tenant> EnsureTenantAsync(IServiceProvider services, string slug, string nameJa, string? nameEn)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Slug == slug);
        if (tenant is null)
        {
            tenant = new Tenant { Id = Guid.CreateVersion7(), Slug = slug, NameJa = nameJa, NameEn = nameEn, CreatedAt = DateTime.UtcNow };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
        }

        return tenant;
    }

    /// <param name="directories">The sample procedures and the template gallery: the demo publishes all of them.</param>
    private static async Task SeedDemoAsync(IServiceProvider services, ILogger logger, MadoguchiOptions options, IReadOnlyList<string> directories)
    {
        using (var probe = services.CreateScope())
        {
            if (await probe.ServiceProvider.GetRequiredService<AppDbContext>().Tenants.AnyAsync(t => t.Slug == options.DefaultTenant))
            {
                return;
            }
        }

        var tenant = await EnsureTenantAsync(services, options.DefaultTenant, "窓口市 (デモ)", "Madoguchi City (demo)");
        using var scope = services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var catalog = scope.ServiceProvider.GetRequiredService<ProcedureCatalog>();
        foreach (var file in directories.SelectMany(d => Directory.Exists(d) ? Directory.GetFiles(d, "*.json").Order(StringComparer.Ordinal) : Enumerable.Empty<string>()))
        {
            var result = await catalog.ImportAsync(await File.ReadAllTextAsync(file), "system:demo", null, CancellationToken.None);
            if (result.Procedure is null)
            {
                logger.LogWarning("Demo procedure {File} has {Count} problems and was skipped", Path.GetFileName(file), result.Problems.Count);
                continue;
            }

            await catalog.PublishAsync(result.Procedure.Slug, "system:demo", CancellationToken.None);
        }

        await SeedOrganisationAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), tenant.Id);

        // The demo admin is also the 市民課 officer (担当者), so that it can take the first step of the resident-record
        // route; every other step needs the demo staff below (one person may approve only one step of a case).
        var password = "demo-" + Secrets.NewAccessCode().ToLowerInvariant();
        var (ok, errors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Id, DemoAdminEmail, "デモ管理者", password, Roles.Admin, "shimin", "tanto");
        var staffPassword = "demo-staff-" + Secrets.NewAccessCode().ToLowerInvariant();
        var staff = new List<string>();
        foreach (var (email, name, department, roles) in DemoStaff)
        {
            var (created, staffErrors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Id, email, name, staffPassword, Roles.Staff, department, roles);
            if (created)
            {
                staff.Add($"  {email,-36} {name}");
            }
            else
            {
                logger.LogWarning("Demo staff member not created: {Errors}", string.Join("; ", staffErrors));
            }
        }

        await SeedAcademyAsync(scope.ServiceProvider, tenant.Id, logger);

        if (ok)
        {
            // Printed once on purpose: this is the operator's only way to learn the demo logins.
            Console.WriteLine();
            Console.WriteLine("==== Madoguchi demo ====");
            Console.WriteLine($"  職員ログイン / Staff login: {DemoAdminEmail}");
            Console.WriteLine($"  パスワード / Password:      {password}");
            Console.WriteLine("  デモ職員（決裁ルートの各段階の担当） / Demo staff (who act on the route steps):");
            foreach (var line in staff)
            {
                Console.WriteLine(line);
            }

            Console.WriteLine($"  デモ職員の共通パスワード / Demo staff password (shared): {staffPassword}");
            Console.WriteLine("========================");
            Console.WriteLine();
        }
        else
        {
            logger.LogWarning("Demo admin not created: {Errors}", string.Join("; ", errors));
        }
    }

    /// <summary>
    /// The academy demo: the sample programme (samples/academy/programme.json) with 2,000 staff records and their
    /// progress (Features/Academy/AcademyDemo); the demo admin is a certified DX advisor, the demo staff are part way
    /// through the all-staff path. Skill validation needs the leader certification; publishing stays open.
    /// </summary>
    private static async Task SeedAcademyAsync(IServiceProvider services, Guid tenantId, ILogger logger)
    {
        var file = Path.Combine(AppContext.BaseDirectory, "samples", "academy", "programme.json");
        if (!File.Exists(file))
        {
            return;
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var academy = services.GetRequiredService<Academy.AcademyService>();
        var json = await File.ReadAllTextAsync(file);
        var problems = await academy.SaveProgrammeAsync(json, new Dictionary<Core.Academy.MakerAction, string> { [Core.Academy.MakerAction.ValidateSkills] = "cert-leader" }, "system:demo", CancellationToken.None);
        if (problems.Count > 0)
        {
            logger.LogWarning("Demo academy programme has {Count} problems and was skipped", problems.Count);
            return;
        }

        var db = services.GetRequiredService<AppDbContext>();
        var emails = DemoStaff.Select(s => s.Email).Prepend(DemoAdminEmail).ToList();
        var users = await db.Users.Where(u => u.TenantId == tenantId && emails.Contains(u.Email!)).Select(u => new { u.Id, u.Email, u.DisplayName, u.DepartmentCode }).ToListAsync();
        var counts = await Academy.AcademyDemo.SeedAsync(
            db, tenantId, Core.Academy.AcademyCatalogReader.Read(json).Catalog!, 2000, academy.Today, seed: 2026,
            [.. emails.Select(e => users.FirstOrDefault(u => u.Email == e)).Where(u => u is not null).Select(u => (u!.Id, u.Email!, u.DisplayName, u.DepartmentCode ?? ""))],
            CancellationToken.None);
        logger.LogInformation("Demo academy: {Learners} staff records, {Records} learning records, {Certificates} certifications in {Elapsed} ms", counts.Learners, counts.Records, counts.Certificates, watch.ElapsedMilliseconds);
    }

    /// <summary>The demo organisation's staff: (email, display name, department, job roles).</summary>
    public static readonly IReadOnlyList<(string Email, string Name, string Department, string Roles)> DemoStaff =
    [
        ("shimin.kakaricho@demo.madoguchi.jp", "市民 係長（デモ）", "shimin", "kakaricho"),
        ("sangyo.tanto@demo.madoguchi.jp", "産業 担当者（デモ）", "sangyo", "tanto"),
        ("sangyo.kakaricho@demo.madoguchi.jp", "産業 係長（デモ）", "sangyo", "kakaricho"),
        ("sangyo.kacho@demo.madoguchi.jp", "産業 課長（デモ）", "sangyo", "kacho"),
        ("sangyo.bucho@demo.madoguchi.jp", "産業 部長（デモ）", "sangyo", "bucho"),
        ("zaisei.tanto@demo.madoguchi.jp", "財政 担当者（デモ）", "zaisei", "tanto"),
        ("koho.tanto@demo.madoguchi.jp", "広報 担当者（デモ）", "koho", "tanto"),
        ("koho.kacho@demo.madoguchi.jp", "広報 課長（デモ）", "koho", "kacho"),
        ("fukushi.tanto@demo.madoguchi.jp", "福祉 担当者（デモ）", "fukushi", "tanto"),
    ];

    /// <summary>Departments (課) and job roles (職位) of the demo city, which the sample procedures' routes name.</summary>
    private static async Task SeedOrganisationAsync(AppDbContext db, Guid tenantId)
    {
        (string Code, string Ja, string En)[] departments =
        [
            ("shimin", "市民課", "Citizens Division"),
            ("fukushi", "福祉課", "Welfare Division"),
            ("zaisei", "財政課", "Finance Division"),
            ("sangyo", "産業振興課", "Industrial Promotion Division"),
            ("koho", "秘書広報課", "Secretariat and Public Relations Division"),
        ];
        (string Code, string Ja, string En)[] roles =
        [
            ("tanto", "担当者", "Officer"),
            ("kakaricho", "係長", "Chief"),
            ("kacho", "課長", "Section chief"),
            ("bucho", "部長", "Director"),
        ];
        for (var i = 0; i < departments.Length; i++)
        {
            db.Departments.Add(new Department { Id = Guid.CreateVersion7(), TenantId = tenantId, Code = departments[i].Code, NameJa = departments[i].Ja, NameEn = departments[i].En, SortOrder = (i + 1) * 10 });
        }

        for (var i = 0; i < roles.Length; i++)
        {
            db.StaffRoles.Add(new StaffRole { Id = Guid.CreateVersion7(), TenantId = tenantId, Code = roles[i].Code, NameJa = roles[i].Ja, NameEn = roles[i].En, Rank = (i + 1) * 10 });
        }

        await db.SaveChangesAsync();
    }
}

public static class AccountCommands
{
    public static async Task<(bool Ok, IReadOnlyList<string> Errors)> CreateUserAsync(IServiceProvider services, Guid tenantId, string email, string displayName, string password, string role, string? departmentCode = null, string? roleCodes = null)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = displayName,
            CreatedAt = DateTime.UtcNow,
            DepartmentCode = string.IsNullOrWhiteSpace(departmentCode) ? null : departmentCode.Trim(),
            RoleCodes = string.Join(' ', Madoguchi.Server.Features.Staff.StaffDirectory.SplitCodes(roleCodes)),
        };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return (false, created.Errors.Select(e => e.Description).ToList());
        }

        var added = await users.AddToRoleAsync(user, role);
        return (added.Succeeded, added.Errors.Select(e => e.Description).ToList());
    }
}
