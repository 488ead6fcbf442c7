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

        var password = "demo-" + Secrets.NewAccessCode().ToLowerInvariant();
        var (ok, errors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Id, DemoAdminEmail, "デモ管理者", password, Roles.Admin);
        if (ok)
        {
            // Printed once on purpose: this is the operator's only way to learn the demo login.
            Console.WriteLine();
            Console.WriteLine("==== Madoguchi demo ====");
            Console.WriteLine($"  職員ログイン / Staff login: {DemoAdminEmail}");
            Console.WriteLine($"  パスワード / Password:      {password}");
            Console.WriteLine("========================");
            Console.WriteLine();
        }
        else
        {
            logger.LogWarning("Demo admin not created: {Errors}", string.Join("; ", errors));
        }
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
