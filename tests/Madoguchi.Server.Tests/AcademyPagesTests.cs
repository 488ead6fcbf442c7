using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Madoguchi.Core.Academy;
using Madoguchi.Data;
using Madoguchi.Server.Features.Academy;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Server.Tests;

/// <summary>
/// The services behind the academy pages: on-line quizzes, self-completion, hour accounting, certificates, skill
/// validation rights, enrolment, the dashboard figures and its exports.
/// </summary>
public sealed partial class AcademyPagesTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static readonly string Programme = File.ReadAllText(Path.Combine(TestProcedures.RepoRoot(), "samples", "academy", "programme.json"));

    private static Dictionary<string, IReadOnlyCollection<string>> Answers(bool allRight) => new()
    {
        ["q1"] = ["a"],
        ["q2"] = ["a"],
        ["q3"] = ["a"],
        ["q4"] = allRight ? ["b", "a"] : ["a"],
    };

    private sealed record Setup(MadoguchiFactory Factory, TestTenant Tenant, AsyncServiceScope Scope, AcademyService Academy, AppDbContext Db, Guid AdminId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Scope.DisposeAsync();
    }

    private static async Task<Setup> SetUpAsync(string provider, Dictionary<MakerAction, string>? policy = null)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var academy = scope.ServiceProvider.GetRequiredService<AcademyService>();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Empty(await academy.SaveProgrammeAsync(Programme, policy ?? [], "staff:admin", CancellationToken.None));
        var adminId = await db.Users.Where(u => u.Email == tenant.AdminEmail).Select(u => u.Id).SingleAsync();
        return new Setup(factory, tenant, scope, academy, db, adminId);
    }

    /// <summary>A staff sign-in with a learner record (tier all-staff unless said otherwise) linked by e-mail.</summary>
    private static async Task<(Guid UserId, Guid LearnerId)> StaffMemberAsync(Setup s, string number, string department = "shimin", string tier = "全職員")
    {
        var email = $"{number.ToLowerInvariant()}-{Guid.NewGuid():N}@city.example.jp";
        var (ok, errors) = await AccountCommands.CreateUserAsync(s.Scope.ServiceProvider, s.Tenant.Id, email, "職員 " + number, "staff-password-" + Guid.NewGuid().ToString("N"), Roles.Staff);
        Assert.True(ok, string.Join("; ", errors));
        var report = await s.Academy.ImportStaffAsync($"職員番号,氏名,所属,階層,メールアドレス\n{number},職員 {number},{department},{tier},{email}\n", dryRun: false, "staff:admin", CancellationToken.None);
        Assert.Empty(report.Problems);
        var userId = await s.Db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        var learnerId = await s.Db.Learners.Where(l => l.EmployeeNumber == number).Select(l => l.Id).SingleAsync();
        return (userId, learnerId);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_learner_completes_the_basics_path_on_line_and_gets_one_signed_certificate(string provider)
    {
        await using var s = await SetUpAsync(provider);
        var (userId, learnerId) = await StaffMemberAsync(s, "L-001");
        var actor = "staff:" + userId;

        // The quiz is locked until its prerequisites are done; sessions and quizzes cannot be self-completed.
        var (lockedScore, locked) = await s.Academy.SubmitQuizAsync(userId, "basics-quiz", Answers(true), actor, CancellationToken.None);
        Assert.Equal(100, lockedScore);
        Assert.Contains("dx-intro", locked.Refusal!.Ja, StringComparison.Ordinal);
        Assert.NotNull((await s.Academy.CompleteOwnModuleAsync(userId, "basics-quiz", actor, CancellationToken.None)).Refusal);
        foreach (var module in new[] { "dx-intro", "security-101", "data-101", "form-101" })
        {
            var done = await s.Academy.CompleteOwnModuleAsync(userId, module, actor, CancellationToken.None);
            Assert.Null(done.Refusal);
            Assert.True(done.ModuleDone);
            Assert.Empty(done.Certificates);
        }

        // Watching a video twice credits its hour once.
        Assert.Null((await s.Academy.CompleteOwnModuleAsync(userId, "dx-intro", actor, CancellationToken.None)).Refusal);

        var (failedScore, failed) = await s.Academy.SubmitQuizAsync(userId, "basics-quiz", Answers(false), actor, CancellationToken.None);
        Assert.Equal(60, failedScore); // 3 of 5 points; the pass mark is 80
        Assert.Null(failed.Refusal);
        Assert.False(failed.ModuleDone);
        Assert.Equal(0, await s.Db.Certificates.CountAsync());

        var (passedScore, passed) = await s.Academy.SubmitQuizAsync(userId, "basics-quiz", Answers(true), actor, CancellationToken.None);
        Assert.Equal(100, passedScore);
        Assert.True(passed.ModuleDone);
        var earned = Assert.Single(passed.Certificates);
        Assert.Equal("cert-basics", earned.CertificationId);

        // Passing again issues nothing more.
        Assert.Empty((await s.Academy.SubmitQuizAsync(userId, "basics-quiz", Answers(true), actor, CancellationToken.None)).Outcome.Certificates);

        var completions = await s.Db.ModuleCompletions.AsNoTracking().Where(c => c.LearnerId == learnerId).ToListAsync();
        Assert.Equal(5, completions.Count);
        Assert.Equal(8 * 60, completions.Sum(c => c.Minutes));
        var overview = await s.Academy.OverviewAsync(learnerId, CancellationToken.None);
        Assert.Equal(8m, overview!.HoursCredited);
        Assert.Equal(["cert-basics"], overview.HeldCertifications);

        var certificate = await s.Db.Certificates.AsNoTracking().SingleAsync();
        Assert.Equal(learnerId, certificate.LearnerId);
        Assert.NotNull(certificate.Pdf);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(certificate.Pdf)), certificate.Sha256);
        Assert.Equal(["Signature is Valid."], PdfsigStatuses(certificate.Pdf));
        Assert.Equal(1, await s.Db.AuditRecords.CountAsync(r => r.Action == "academy.certificateIssued" && r.EntityId == learnerId.ToString()));

        // Downloadable by the tenant's admin (audited), not by another tenant's admin.
        var admin = await PortalClient.SignInAsync(s.Factory, s.Tenant);
        using (var download = await admin.GetAsync($"/staff/academy/certificates/{certificate.Id}"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
            Assert.Equal(certificate.Pdf, await download.Content.ReadAsByteArrayAsync());
        }

        Assert.Equal(1, await s.Db.AuditRecords.CountAsync(r => r.Action == "academy.certificateDownloaded" && r.EntityId == learnerId.ToString()));
        var other = await s.Factory.CreateTenantAsync();
        var otherAdmin = await PortalClient.SignInAsync(s.Factory, other);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.GetAsync($"/staff/academy/certificates/{certificate.Id}")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Skill_levels_and_attendance_are_validated_only_by_certified_leaders_or_admins(string provider)
    {
        await using var s = await SetUpAsync(provider, new Dictionary<MakerAction, string> { [MakerAction.ValidateSkills] = "cert-basics" });
        var (learnerUser, learnerId) = await StaffMemberAsync(s, "V-001");
        var (peerUser, peerLearner) = await StaffMemberAsync(s, "V-002");

        Assert.Null(await s.Academy.AssessSkillAsync(learnerUser, learnerId, "security-basics", 2, validate: false, "staff:" + learnerUser, CancellationToken.None));
        Assert.NotNull(await s.Academy.AssessSkillAsync(peerUser, learnerId, "security-basics", 2, validate: false, "staff:" + peerUser, CancellationToken.None)); // not theirs
        Assert.NotNull(await s.Academy.AssessSkillAsync(learnerUser, learnerId, "security-basics", 9, validate: false, "staff:" + learnerUser, CancellationToken.None)); // no level 9
        Assert.NotNull(await s.Academy.AssessSkillAsync(peerUser, learnerId, "security-basics", 1, validate: true, "staff:" + peerUser, CancellationToken.None)); // peer not certified
        Assert.NotNull((await s.Academy.RecordForAsync(peerUser, learnerId, "service-design-workshop", null, "staff:" + peerUser, CancellationToken.None)).Refusal);
        Assert.False(await s.Academy.CanValidateAsync(peerUser, CancellationToken.None));

        // The peer completes the basics path (certification named by the policy) and may then validate others, never themself.
        foreach (var module in new[] { "dx-intro", "security-101", "data-101", "form-101" })
        {
            Assert.Null((await s.Academy.CompleteOwnModuleAsync(peerUser, module, "staff:" + peerUser, CancellationToken.None)).Refusal);
        }

        Assert.Null((await s.Academy.SubmitQuizAsync(peerUser, "basics-quiz", Answers(true), "staff:" + peerUser, CancellationToken.None)).Outcome.Refusal);
        Assert.True(await s.Academy.CanValidateAsync(peerUser, CancellationToken.None));
        Assert.Null(await s.Academy.AssessSkillAsync(peerUser, learnerId, "security-basics", 1, validate: true, "staff:" + peerUser, CancellationToken.None));
        Assert.NotNull(await s.Academy.AssessSkillAsync(peerUser, peerLearner, "security-basics", 1, validate: true, "staff:" + peerUser, CancellationToken.None));
        Assert.True(await s.Academy.CanValidateAsync(s.AdminId, CancellationToken.None));

        var overview = await s.Academy.OverviewAsync(learnerId, CancellationToken.None);
        Assert.Equal((2, 1), (overview!.SelfLevel("security-basics"), overview.ValidatedLevel("security-basics")));
        Assert.Equal(1, await s.Db.AuditRecords.CountAsync(r => r.Action == "academy.skillValidated" && r.EntityId == learnerId.ToString()));

        // Attendance at a session is recorded by a leader; the learner cannot mark it themself.
        Assert.NotNull((await s.Academy.CompleteOwnModuleAsync(peerUser, "service-design-workshop", "staff:" + peerUser, CancellationToken.None)).Refusal);
        var attended = await s.Academy.RecordForAsync(s.AdminId, peerLearner, "service-design-workshop", null, "staff:" + s.AdminId, CancellationToken.None);
        Assert.Null(attended.Refusal);
        Assert.True(attended.ModuleDone);
        Assert.Equal(30m + 8m, (await s.Academy.OverviewAsync(peerLearner, CancellationToken.None))!.HoursCredited);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Enrolment_moves_a_department_into_a_tier_and_a_new_programme_recomputes_credited_hours(string provider)
    {
        await using var s = await SetUpAsync(provider);
        var (userA, learnerA) = await StaffMemberAsync(s, "E-001", "shimin");
        await StaffMemberAsync(s, "E-002", "shimin");
        await StaffMemberAsync(s, "E-003", "fukushi");

        Assert.NotNull((await s.Academy.EnrolAsync(null, null, "leader", "staff:admin", CancellationToken.None)).Refusal);
        Assert.NotNull((await s.Academy.EnrolAsync("shimin", null, "mayor", "staff:admin", CancellationToken.None)).Refusal);
        var (moved, refusal) = await s.Academy.EnrolAsync("shimin", null, "leader", "staff:admin", CancellationToken.None);
        Assert.Null(refusal);
        Assert.Equal(2, moved);
        Assert.Equal(["all-staff", "leader", "leader"], (await s.Db.Learners.AsNoTracking().Select(l => l.TierId).ToListAsync()).Order().ToList());
        Assert.Equal(1, await s.Db.AuditRecords.CountAsync(r => r.Action == "academy.enrolled"));

        Assert.Null((await s.Academy.CompleteOwnModuleAsync(userA, "data-101", "staff:" + userA, CancellationToken.None)).Refusal);
        Assert.Equal(120, await s.Db.ModuleCompletions.Where(c => c.LearnerId == learnerA).SumAsync(c => c.Minutes));
        var json = DataHours().Replace(Programme, "${1}2.5", 1);
        Assert.NotEqual(Programme, json);
        Assert.Empty(await s.Academy.SaveProgrammeAsync(json, new Dictionary<MakerAction, string>(), "staff:admin", CancellationToken.None));
        Assert.Equal(150, await s.Db.ModuleCompletions.AsNoTracking().Where(c => c.LearnerId == learnerA).SumAsync(c => c.Minutes));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_dashboard_adds_up_a_small_known_dataset_and_exports_it(string provider)
    {
        await using var s = await SetUpAsync(provider);
        var (userA, _) = await StaffMemberAsync(s, "D-001", "shimin");
        var (userB, _) = await StaffMemberAsync(s, "D-002", "shimin");
        await StaffMemberAsync(s, "D-003", "fukushi");
        await StaffMemberAsync(s, "D-004", "fukushi", "デジタル推進リーダー");
        foreach (var module in new[] { "dx-intro", "security-101", "data-101", "form-101" })
        {
            Assert.Null((await s.Academy.CompleteOwnModuleAsync(userA, module, "staff:" + userA, CancellationToken.None)).Refusal);
        }

        Assert.Single((await s.Academy.SubmitQuizAsync(userA, "basics-quiz", Answers(true), "staff:" + userA, CancellationToken.None)).Outcome.Certificates);
        Assert.Null((await s.Academy.CompleteOwnModuleAsync(userB, "data-101", "staff:" + userB, CancellationToken.None)).Refusal);

        var (catalog, _) = await s.Academy.ProgrammeAsync(CancellationToken.None);
        var today = s.Academy.Today;
        var figures = await new AcademyDashboard(s.Db).ComputeAsync(catalog, today, null, CancellationToken.None);
        Assert.NotNull(figures);
        var allStaff = figures.Tiers.Single(t => t.Tier.Id == "all-staff");
        Assert.Equal((3, 1, 10L * 60, 3L * 8 * 60), (allStaff.Members, allStaff.Certified, allStaff.MinutesDone, allStaff.MinutesRequired));
        var leader = figures.Tiers.Single(t => t.Tier.Id == "leader");
        Assert.Equal((1, 0, 0L, 200L * 60), (leader.Members, leader.Certified, leader.MinutesDone, leader.MinutesRequired));

        var shimin = figures.Departments.Single(d => d.Department == "shimin");
        Assert.Equal((2, 1, 10L * 60, 16L * 60), (shimin.Members, shimin.Certified, shimin.MinutesDone, shimin.MinutesRequired));
        var fukushi = figures.Departments.Single(d => d.Department == "fukushi");
        Assert.Equal((2, 0, 0L, 208L * 60), (fukushi.Members, fukushi.Certified, fukushi.MinutesDone, fukushi.MinutesRequired));

        var month = Assert.Single(figures.Months, m => m.Year == today.Year && m.Month == today.Month);
        Assert.Equal((10L * 60, 1), (month.Minutes, month.Certifications));

        // Expected hours by today follow the plan (fiscal years from April 2026): who is behind is everyone below it.
        var expectedAll = AcademyDashboard.ExpectedMinutes(catalog!, catalog!.FindTier("all-staff")!, today);
        var expectedBehind = new[] { 8 * 60L, 2 * 60L, 0L }.Count(m => m < expectedAll) + (AcademyDashboard.ExpectedMinutes(catalog, catalog.FindTier("leader")!, today) > 0 ? 1 : 0);
        Assert.Equal(expectedBehind, figures.BehindTotal);
        Assert.Equal(figures.BehindTotal, figures.Departments.Sum(d => d.Behind));
        var onlyFukushi = await new AcademyDashboard(s.Db).ComputeAsync(catalog, today, "fukushi", CancellationToken.None);
        Assert.NotEmpty(onlyFukushi!.Behind);
        Assert.All(onlyFukushi.Behind, b => Assert.Equal("fukushi", b.Department));
        Assert.Equal(fukushi.Behind, onlyFukushi.BehindTotal);

        var admin = await PortalClient.SignInAsync(s.Factory, s.Tenant);
        var csv = Encoding.UTF8.GetString(await admin.GetByteArrayAsync("/staff/academy/dashboard.csv"));
        Assert.StartsWith("\uFEFF所属,在籍,認定済み", csv, StringComparison.Ordinal);
        Assert.Contains("\r\nshimin,2,1,10,16,62,", csv, StringComparison.Ordinal);
        using var pdf = await admin.GetAsync("/staff/academy/dashboard.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var bytes = await pdf.Content.ReadAsByteArrayAsync();
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5), StringComparison.Ordinal);

        // A staff member who is neither certified for validation nor an admin gets nothing.
        var plainEmail = $"plain-{Guid.NewGuid():N}@city.example.jp";
        const string PlainPassword = "plain staff password 123";
        Assert.True((await AccountCommands.CreateUserAsync(s.Scope.ServiceProvider, s.Tenant.Id, plainEmail, "一般 職員", PlainPassword, Roles.Staff)).Ok);
        var plain = await PortalClient.SignInAsync(s.Factory, s.Tenant with { AdminEmail = plainEmail, AdminPassword = PlainPassword });
        Assert.Equal(HttpStatusCode.NotFound, (await plain.GetAsync("/staff/academy/dashboard.csv")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Demo_data_is_deterministic_sized_from_the_plan_and_consistent_with_the_rules(string provider)
    {
        await using var s = await SetUpAsync(provider);
        var catalog = AcademyCatalogReader.Read(Programme).Catalog!;
        var today = new DateOnly(2026, 11, 26);
        var counts = await AcademyDemo.SeedAsync(s.Db, s.Tenant.Id, catalog, 400, today, seed: 2026, [(s.AdminId, s.Tenant.AdminEmail, "管理者", "somu")], CancellationToken.None);
        Assert.Equal(400, counts.Learners);
        var tiers = await s.Db.Learners.GroupBy(l => l.TierId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count);
        Assert.Equal((40, 100, 260), (tiers["advisor"], tiers["leader"], tiers["all-staff"]));

        // The demo admin is a certified advisor (and so may validate and see the dashboards).
        var admin = await s.Db.Learners.AsNoTracking().SingleAsync(l => l.AppUserId == s.AdminId);
        Assert.Equal("advisor", admin.TierId);
        var overview = await s.Academy.OverviewAsync(admin.Id, CancellationToken.None);
        Assert.Contains("cert-advisor", overview!.HeldCertifications);

        // Completions and certificates agree with the rules: rebuilding them from the records changes nothing.
        var minutes = await s.Db.ModuleCompletions.SumAsync(c => c.Minutes);
        Assert.Equal(counts.Completions, await s.Db.ModuleCompletions.CountAsync());
        Assert.True(counts.Records >= counts.Completions && counts.Certificates > 0);
        Assert.Empty(await s.Academy.SaveProgrammeAsync(Programme, new Dictionary<MakerAction, string>(), "staff:admin", CancellationToken.None));
        Assert.Equal((counts.Completions, minutes), (await s.Db.ModuleCompletions.CountAsync(), await s.Db.ModuleCompletions.SumAsync(c => c.Minutes)));
        var sample = await s.Db.Learners.AsNoTracking().OrderBy(l => l.EmployeeNumber).Skip(1).Take(40).Select(l => l.Id).ToListAsync();
        Assert.Equal(40, sample.Count);
        var certified = 0;
        foreach (var id in sample)
        {
            var earned = Progress.Certifications(catalog, [.. await s.Academy.AttemptsAsync(id, CancellationToken.None)]).Select(c => (c.Certification.Id, c.On)).Order().ToList();
            var stored = (await s.Db.Certificates.AsNoTracking().Where(c => c.LearnerId == id).Select(c => new { c.CertificationId, c.On }).ToListAsync()).Select(c => (c.CertificationId, c.On)).Order().ToList();
            Assert.Equal(earned, stored);
            certified += stored.Count;
        }

        Assert.True(certified > 0, "the sample holds no certified learner, so the comparison above proved nothing");

        // The same seed gives the same data in another tenant.
        var other = await s.Factory.CreateTenantAsync();
        await using var scope = s.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(other.Id);
        var otherDb = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var again = await AcademyDemo.SeedAsync(otherDb, other.Id, catalog, 400, today, seed: 2026, [(s.AdminId, "x@example.jp", "管理者", "somu")], CancellationToken.None);
        Assert.Equal(counts, again);
        Assert.Equal(minutes, await otherDb.ModuleCompletions.SumAsync(c => c.Minutes));
    }

    [Fact]
    public async Task The_benchmark_commands_seed_a_synthetic_programme_and_time_the_dashboard()
    {
        var factory = await TestServers.GetAsync(TestServers.Sqlite);
        var tenant = await factory.CreateTenantAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await OperatorCommands.RunAsync(factory.Services, ["academy", "seed", "--tenant", tenant.Slug, "--staff", "60", "--modules", "12"], output, error));
        Assert.Contains("seeded 60 staff", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await OperatorCommands.RunAsync(factory.Services, ["academy", "seed", "--tenant", tenant.Slug], output, error)); // once only
        Assert.Equal(0, await OperatorCommands.RunAsync(factory.Services, ["academy", "dashboard", "--tenant", tenant.Slug, "--rounds", "2"], output, error));
        Assert.Matches(new Regex("dashboard over 60 staff, 12 modules, [0-9]+ learning records: 2 rounds, p50 [0-9.]+ ms, p95 [0-9.]+ ms"), output.ToString());
        Assert.Equal(2, await OperatorCommands.RunAsync(factory.Services, ["academy", "frobnicate", "--tenant", tenant.Slug], output, error));
    }

    private static List<string> PdfsigStatuses(byte[] pdf)
    {
        var dir = Path.Combine(Path.GetTempPath(), "madoguchi-academy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "certificate.pdf");
            File.WriteAllBytes(file, pdf);
            var info = new ProcessStartInfo("pdfsig") { RedirectStandardOutput = true, RedirectStandardError = true };
            info.ArgumentList.Add(file);
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return [.. SignatureValidation().Matches(output).Select(m => m.Groups[1].Value.Trim())];
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [GeneratedRegex("(\"id\": \"data-101\",[\\s\\S]*?\"hours\": )2")]
    private static partial Regex DataHours();

    [GeneratedRegex("Signature Validation: (.*)")]
    private static partial Regex SignatureValidation();
}
