using System.Net;
using Madoguchi.Core.Academy;
using Madoguchi.Data;
using Madoguchi.Server.Features.Academy;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>The programme, staff imports, learning records and the certification needed to publish.</summary>
public sealed class AcademyServiceTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static readonly string Programme = File.ReadAllText(Path.Combine(RepoRoot(), "samples", "academy", "programme.json"));

    private static readonly DateOnly Day = new(2026, 6, 1);

    [Theory, MemberData(nameof(Providers))]
    public async Task A_staff_member_publishes_only_once_certified_and_api_keys_not_at_all(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant); // before any policy: open to everyone, API keys included

        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<TenantScope>().Set(tenant.Id);
        var academy = services.GetRequiredService<AcademyService>();
        var db = services.GetRequiredService<AppDbContext>();

        var wrongPolicy = await academy.SaveProgrammeAsync(Programme, new Dictionary<MakerAction, string> { [MakerAction.Publish] = "cert-mayor" }, "staff:admin", CancellationToken.None);
        Assert.Equal(("$.policy.Publish", "unknownCertification"), (Assert.Single(wrongPolicy).Path, wrongPolicy[0].Code));
        Assert.Equal(0, await db.AcademyProgrammes.CountAsync());
        Assert.Empty(await academy.SaveProgrammeAsync(Programme, new Dictionary<MakerAction, string> { [MakerAction.Publish] = "cert-basics" }, "staff:admin", CancellationToken.None));

        var email = $"maker-{Guid.NewGuid():N}@city.example.jp";
        var (ok, errors) = await AccountCommands.CreateUserAsync(services, tenant.Id, email, "作成 一郎", "maker-password-" + Guid.NewGuid().ToString("N"), Roles.Staff);
        Assert.True(ok, string.Join("; ", errors));
        var userId = await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var report = await academy.ImportStaffAsync($"職員番号,氏名,階層,メールアドレス\nM-001,作成 一郎,全職員,{email}\n", dryRun: false, "staff:admin", CancellationToken.None);
        Assert.Equal((1, 1), (report.Added, report.Linked));
        var learner = await db.Learners.AsNoTracking().SingleAsync();

        var catalog = services.GetRequiredService<ProcedureCatalog>();
        var actor = "staff:" + userId;
        var refused = await catalog.PublishAsync(AllTypesSlug, actor, null, CancellationToken.None);
        Assert.Null(refused.Version);
        Assert.Contains("デジタル基礎修了", refused.Refused!.Ja, StringComparison.Ordinal);

        using (var viaKey = await tenant.Api.PostAsync($"/api/v1/procedures/{AllTypesSlug}/publish", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, viaKey.StatusCode);
            Assert.Contains("certificationRequired", await viaKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The quiz cannot be recorded before its prerequisites; then the whole path is completed.
        var early = await academy.RecordAttemptAsync(learner.Id, "basics-quiz", Day, completed: false, score: 90, "staff:leader", CancellationToken.None);
        Assert.Contains("dx-intro", early!.Ja, StringComparison.Ordinal);
        foreach (var module in new[] { "dx-intro", "security-101", "data-101", "form-101" })
        {
            Assert.Null(await academy.RecordAttemptAsync(learner.Id, module, Day, completed: true, score: null, "staff:leader", CancellationToken.None));
        }

        Assert.Null(await academy.RecordAttemptAsync(learner.Id, "basics-quiz", Day, completed: false, score: 70, "staff:leader", CancellationToken.None)); // below the pass mark
        Assert.NotNull((await catalog.PublishAsync(AllTypesSlug, actor, null, CancellationToken.None)).Refused);
        Assert.Null(await academy.RecordAttemptAsync(learner.Id, "basics-quiz", Day.AddDays(1), completed: false, score: 85, "staff:leader", CancellationToken.None));

        var published = await catalog.PublishAsync(AllTypesSlug, actor, "認定後の公開", CancellationToken.None);
        Assert.Null(published.Refused);
        Assert.Equal(8m, Progress.HoursCredited(AcademyCatalogReader.Read(Programme).Catalog!, [.. await academy.AttemptsAsync(learner.Id, CancellationToken.None)]));
        Assert.True(await db.AuditRecords.AnyAsync(r => r.Action == "academy.attemptRecorded" && r.EntityId == learner.Id.ToString()));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_staff_list_is_imported_all_or_nothing_and_a_dry_run_saves_nothing(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var academy = scope.ServiceProvider.GetRequiredService<AcademyService>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        Assert.Equal("noProgramme", Assert.Single((await academy.ImportStaffAsync("職員番号,氏名,階層\nA-1,山田,全職員\n", false, "staff:admin", CancellationToken.None)).Problems).Code);
        Assert.Empty(await academy.SaveProgrammeAsync(Programme, new Dictionary<MakerAction, string>(), "staff:admin", CancellationToken.None));

        const string list = "職員番号,氏名,所属,階層\nA-1,山田 太郎,shimin,全職員\nA-2,佐藤 花子,fukushi,デジタル推進リーダー\n";
        var dry = await academy.ImportStaffAsync(list, dryRun: true, "staff:admin", CancellationToken.None);
        Assert.Equal((2, 0, true), (dry.Added, dry.Updated, dry.DryRun));
        Assert.Equal(0, await db.Learners.CountAsync());

        var broken = await academy.ImportStaffAsync(list + "A-3,,shimin,市長\n", dryRun: false, "staff:admin", CancellationToken.None);
        Assert.Equal(2, broken.Problems.Count); // name and tier of row 4
        Assert.All(broken.Problems, p => Assert.Equal(4, p.Row));
        Assert.Equal(0, await db.Learners.CountAsync());

        Assert.Equal(2, (await academy.ImportStaffAsync(list, dryRun: false, "staff:admin", CancellationToken.None)).Added);
        var again = await academy.ImportStaffAsync("職員番号,氏名,所属,階層\nA-2,佐藤 花子,zaisei,DXアドバイザー\n", dryRun: false, "staff:admin", CancellationToken.None);
        Assert.Equal((0, 1), (again.Added, again.Updated));
        var moved = await db.Learners.AsNoTracking().SingleAsync(l => l.EmployeeNumber == "A-2");
        Assert.Equal(("zaisei", "advisor"), (moved.DepartmentCode, moved.TierId));
        Assert.Equal(2, await db.AuditRecords.CountAsync(r => r.Action == "academy.staffImported"));
    }
}
