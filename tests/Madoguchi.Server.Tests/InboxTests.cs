using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Core.Cases;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Features.Cases;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Features.Staff;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>The staff inbox: the case columns kept by every command, the views, bulk actions and search.</summary>
public sealed class InboxTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    /// <summary>Review by welfare (3 business days) → consultation of finance → decision; 標準処理期間 10 days.</summary>
    private static string RoutedProcedure(string slug, string route)
    {
        var definition = JsonNode.Parse(AllTypesJson(slug))!.AsObject();
        definition["route"] = JsonNode.Parse(route);
        return definition.ToJsonString();
    }

    private const string ConsultationRoute = """
        {"steps": [
          {"id": "review", "kind": "review", "label": {"ja": "担当者審査"}, "department": "welfare", "dueBusinessDays": 3},
          {"id": "consult", "kind": "consultation", "label": {"ja": "財政課合議"}, "assignees": [{"id": "fin", "department": "finance"}]}
        ]}
        """;

    private const string ChiefRoute = """
        {"steps": [
          {"id": "review", "kind": "review", "label": {"ja": "担当者審査"}, "department": "welfare", "dueBusinessDays": 3},
          {"id": "chief", "kind": "approval", "label": {"ja": "課長決裁"}, "department": "welfare", "role": "sectionChief", "dueBusinessDays": 2}
        ]}
        """;

    private sealed class Fixture(TestTenant tenant, IServiceScope scope) : IDisposable
    {
        public TestTenant Tenant { get; } = tenant;
        public IServiceProvider Services => scope.ServiceProvider;
        public AppDbContext Db => Services.GetRequiredService<AppDbContext>();
        public CaseService Cases => Services.GetRequiredService<CaseService>();

        public void Dispose() => scope.Dispose();

        public async Task<Guid> SubmitAsync(string slug, JsonObject? answers = null)
        {
            using var submitted = await TestProcedures.SubmitAsync(Tenant.Api, slug, Body(answers ?? ValidAnswers()));
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            return (await ReadJsonAsync(submitted))["id"]!.GetValue<Guid>();
        }

        public async Task<Actor> UserAsync(string name, string? department, string? roles = null)
        {
            var email = $"{name}-{Guid.NewGuid():N}@example.jp";
            var (ok, errors) = await AccountCommands.CreateUserAsync(Services, Tenant.Id, email, name, "Passw0rd!-" + Guid.NewGuid().ToString("N"), Roles.Staff, department, roles);
            Assert.True(ok, string.Join("; ", errors));
            var id = await Db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
            var principal = new ClaimsPrincipal(new ClaimsIdentity(
                [
                    new Claim(ClaimTypes.NameIdentifier, id.ToString()),
                    new Claim(ClaimTypes.Role, Roles.Staff),
                    new Claim(TenantScope.ClaimType, Tenant.Id.ToString()),
                ], "test"));
            return await StaffDirectory.ActorAsync(Db, principal, CancellationToken.None);
        }

        public async Task<Application> RowAsync(Guid id)
        {
            Db.ChangeTracker.Clear();
            return await Db.Applications.AsNoTracking().SingleAsync(a => a.Id == id);
        }

        public async Task<List<Guid>> ViewAsync(string slug, InboxView view, InboxViewer viewer, string? text = null)
        {
            var filter = new InboxFilter(slug, null, null, null, text, 1, 100, "submitted", true);
            var (items, _) = await InboxQuery.RowsAsync(Db, filter, view, viewer, CancellationToken.None);
            return [.. items.Select(i => i.Id)];
        }

        public async Task<CaseState> ApplyAsync(Guid id, CaseCommand command, Actor actor)
        {
            var result = await Cases.ApplyAsync(id, command, actor, null, CancellationToken.None);
            Assert.True(result.Outcome == CaseActionOutcome.Applied, $"{command.Kind}: {result.Outcome} {result.Refusal?.Message.Ja}");
            return result.State!;
        }
    }

    private static async Task<Fixture> StartAsync(string provider, string slug, string route)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(RoutedProcedure(slug, route), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        using (var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{slug}/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        return new Fixture(tenant, scope);
    }

    private static void AssertDue(DateTime? stored, DateOnly expected) =>
        Assert.Equal(CaseIndex.EndOfJapanDay(expected), stored);

    [Theory, MemberData(nameof(Providers))]
    public async Task The_case_columns_follow_every_kind_of_command(string provider)
    {
        using var f = await StartAsync(provider, "cols", ChiefRoute);
        var officer = await f.UserAsync("officer", "welfare");
        var chief = await f.UserAsync("chief", "welfare", "sectionChief");
        var id = await f.SubmitAsync("cols");
        var calendar = Madoguchi.Core.Calendar.BusinessCalendar.Standard; // the tenant has no days of its own

        // At submission: the first step, nobody handles it, its clock and the 標準処理期間 run from receipt.
        var row = await f.RowAsync(id);
        var received = CaseClock.JapanDate(row.SubmittedAt);
        Assert.Equal("review", row.CurrentStepId);
        Assert.Null(row.AssigneeId);
        Assert.Equal(" welfare ", row.StepDepartments);
        Assert.Null(row.StepRoles);
        AssertDue(row.StepDueAt, calendar.AddBusinessDays(received, 3));
        AssertDue(row.ProcessingDueAt, calendar.Deadline(received, 10));
        Assert.Equal(row.StepDueAt, row.DueAt);
        Assert.Equal(row.SubmittedAt, row.LastActivityAt);
        Assert.Contains("ヤマダタロウ", row.SearchText, StringComparison.Ordinal);

        await f.ApplyAsync(id, new StartReview(), officer);
        row = await f.RowAsync(id);
        Assert.Equal(("review", officer.Id), (row.CurrentStepId, row.AssigneeId));
        Assert.True(row.LastActivityAt >= row.SubmittedAt);

        var lastActivity = row.LastActivityAt;
        await f.ApplyAsync(id, new ApproveStep("確認済み"), officer);
        row = await f.RowAsync(id);
        Assert.Equal("chief", row.CurrentStepId);
        Assert.Null(row.AssigneeId);
        Assert.Equal(" sectionChief ", row.StepRoles);
        Assert.NotNull(row.StepDueAt);
        Assert.True(row.LastActivityAt >= lastActivity);

        await f.ApplyAsync(id, new ReturnStep("添付を確認してください"), chief);
        row = await f.RowAsync(id);
        Assert.Equal(("review", officer.Id), (row.CurrentStepId, row.AssigneeId)); // the approver handles it again

        await f.ApplyAsync(id, new RequestCorrection("住所を補正してください", []), officer);
        row = await f.RowAsync(id);
        Assert.Equal(ApplicationStatus.Returned, row.Status);
        Assert.Equal("review", row.CurrentStepId);
        Assert.Null(row.StepDueAt); // the applicant holds the case: no due dates
        Assert.Null(row.ProcessingDueAt);
        Assert.Null(row.DueAt);

        // The applicant corrects an answer and resubmits: search text and due dates are recomputed.
        var corrected = ValidAnswers();
        corrected["kana"] = "ｽｽﾞｷ ﾊﾅｺ";
        await f.Db.Applications.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.AnswersJson, corrected.ToJsonString()));
        await f.ApplyAsync(id, new Resubmit(), Actor.Applicant("receipt:" + row.ReceiptNumber));
        row = await f.RowAsync(id);
        Assert.Equal("review", row.CurrentStepId);
        Assert.Null(row.AssigneeId);
        Assert.NotNull(row.StepDueAt);
        Assert.NotNull(row.ProcessingDueAt);
        Assert.Contains("スズキハナコ", row.SearchText, StringComparison.Ordinal);
        Assert.DoesNotContain("ヤマダタロウ", row.SearchText, StringComparison.Ordinal);

        await f.ApplyAsync(id, new StartReview(), officer);
        await f.ApplyAsync(id, new ApproveStep(), officer);
        await f.ApplyAsync(id, new ApproveStep(), chief);
        row = await f.RowAsync(id);
        Assert.Equal(ApplicationStatus.InReview, row.Status);
        Assert.Null(row.CurrentStepId);      // awaiting the decision: no step …
        Assert.Null(row.StepDueAt);
        Assert.Equal(" sectionChief ", row.StepRoles); // … but the last step's people decide
        Assert.NotNull(row.ProcessingDueAt);  // and the 標準処理期間 still runs
        Assert.Equal(row.ProcessingDueAt, row.DueAt);

        await f.ApplyAsync(id, new Decide(CaseOutcome.Grant), chief);
        row = await f.RowAsync(id);
        Assert.Equal(ApplicationStatus.Approved, row.Status);
        Assert.Null(row.CurrentStepId);
        Assert.Null(row.StepDepartments);
        Assert.Null(row.StepRoles);
        Assert.Null(row.DueAt);
        Assert.Null(row.ProcessingDueAt);

        var withdrawn = await f.SubmitAsync("cols");
        await f.ApplyAsync(withdrawn, new StartReview(), officer);
        await f.ApplyAsync(withdrawn, new Withdraw(), Actor.Applicant("receipt:x"));
        row = await f.RowAsync(withdrawn);
        Assert.Equal(ApplicationStatus.Withdrawn, row.Status);
        Assert.Null(row.CurrentStepId);
        Assert.Null(row.AssigneeId);
        Assert.Null(row.StepDepartments);
        Assert.Null(row.DueAt);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task My_tasks_and_my_department_follow_handler_and_waiting_consultation_parties(string provider)
    {
        using var f = await StartAsync(provider, "views", ConsultationRoute);
        var officer = await f.UserAsync("officer", "welfare");
        var colleague = await f.UserAsync("colleague", "welfare");
        var finance = await f.UserAsync("finance", "finance");
        var claimed = await f.SubmitAsync("views");
        var waiting = await f.SubmitAsync("views");
        var atConsultation = await f.SubmitAsync("views");

        await f.ApplyAsync(claimed, new ClaimStep(), officer);
        await f.ApplyAsync(atConsultation, new StartReview(), colleague);
        await f.ApplyAsync(atConsultation, new ApproveStep(), colleague);

        var now = DateTime.UtcNow;
        var officerView = new InboxViewer(officer, now);
        Assert.Equal([claimed], await f.ViewAsync("views", InboxView.Mine, officerView));
        Assert.Equal([atConsultation], await f.ViewAsync("views", InboxView.Mine, new InboxViewer(finance, now)));
        Assert.Empty(await f.ViewAsync("views", InboxView.Mine, new InboxViewer(colleague, now))); // approved and left the step
        Assert.Equal([waiting, claimed], await f.ViewAsync("views", InboxView.Department, officerView));
        Assert.Equal([atConsultation], await f.ViewAsync("views", InboxView.Department, new InboxViewer(finance, now)));
        Assert.Equal(3, (await f.ViewAsync("views", InboxView.All, officerView)).Count);

        var counts = await InboxQuery.ViewCountsAsync(f.Db, "views", officerView, CancellationToken.None);
        Assert.Equal(1, counts[InboxView.Mine]);
        Assert.Equal(2, counts[InboxView.Department]);
        Assert.Equal(3, counts[InboxView.All]);

        // Once finance has answered, the consultation no longer waits for them.
        await f.ApplyAsync(atConsultation, new RecordVote(true), finance);
        Assert.Empty(await f.ViewAsync("views", InboxView.Mine, new InboxViewer(finance, now)));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Due_soon_and_overdue_count_business_days_across_a_weekend_and_a_holiday(string provider)
    {
        using var f = await StartAsync(provider, "due", ChiefRoute);
        var officer = await f.UserAsync("officer", "welfare");
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await f.SubmitAsync("due"));
        }

        // Friday 20 November 2026, 10:00 in Japan. Two business days later is Wednesday the 25th: Saturday, Sunday and
        // Monday the 23rd (勤労感謝の日) are not counted.
        var now = new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc);
        DateTime? EndOf(int month, int day) => CaseIndex.EndOfJapanDay(new DateOnly(2026, month, day));
        var dues = new[] { EndOf(11, 19), EndOf(11, 25), EndOf(11, 26), (DateTime?)null };
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            var due = dues[i];
            await f.Db.Applications.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.DueAt, due));
        }

        var viewer = new InboxViewer(officer, now);
        Assert.Equal(EndOf(11, 25), viewer.DueSoonLimit);
        Assert.Equal([ids[0]], await f.ViewAsync("due", InboxView.Overdue, viewer));
        Assert.Equal([ids[1]], await f.ViewAsync("due", InboxView.DueSoon, viewer));

        // With five business days the 26th is due soon as well; a day later the 19th is still overdue and the 25th is not yet.
        Assert.Equal([ids[2], ids[1]], await f.ViewAsync("due", InboxView.DueSoon, viewer with { DueSoonDays = 5 }));
        var wednesdayEvening = new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc); // 19:00 JST on the 25th
        Assert.Equal([ids[0]], await f.ViewAsync("due", InboxView.Overdue, viewer with { NowUtc = wednesdayEvening }));
        Assert.Equal([ids[1], ids[0]], await f.ViewAsync("due", InboxView.Overdue, viewer with { NowUtc = wednesdayEvening.AddHours(5) })); // 00:00 on the 26th

        // Sorting by due date puts the earliest first and cases without one last.
        var (sorted, _) = await InboxQuery.RowsAsync(f.Db, new InboxFilter("due", null, null, null, null, 1, 10, "due", false), InboxView.All, viewer, CancellationToken.None);
        Assert.Equal(ids, sorted.Select(r => r.Id));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Bulk_claim_reports_exactly_the_case_someone_else_changed(string provider)
    {
        using var f = await StartAsync(provider, "bulk", ChiefRoute);
        var officer = await f.UserAsync("officer", "welfare");
        var colleague = await f.UserAsync("colleague", "welfare");
        var outsider = await f.UserAsync("outsider", "finance");
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await f.SubmitAsync("bulk"));
        }

        // The officer's screen shows every case at version 0; meanwhile the colleague claims the third.
        var (rows, _) = await InboxQuery.RowsAsync(f.Db, new InboxFilter("bulk", null, null, null, null, 1, 10, "submitted", false), InboxView.All, new InboxViewer(officer, DateTime.UtcNow), CancellationToken.None);
        var selected = rows.Select(r => new SelectedCase(r.Id, r.ReceiptNumber, r.CaseVersion)).ToList();
        Assert.Equal(4, selected.Count);
        Assert.All(selected, s => Assert.Equal(0, s.Version));
        await f.ApplyAsync(ids[2], new ClaimStep(), colleague);

        var results = await InboxActions.ApplyAsync(f.Cases, selected, () => new ClaimStep(), officer, CancellationToken.None);
        Assert.Equal(ids, results.Select(r => r.Id));
        Assert.Equal([CaseActionOutcome.Applied, CaseActionOutcome.Applied, CaseActionOutcome.Conflict, CaseActionOutcome.Applied], results.Select(r => r.Outcome));
        foreach (var id in ids)
        {
            var row = await f.RowAsync(id);
            Assert.Equal(id == ids[2] ? colleague.Id : officer.Id, row.AssigneeId);
            Assert.Equal(1, row.CaseVersion); // the conflicted case was not written a second time
        }

        // Someone the step does not admit is refused per case with the rule's message, and nothing changes.
        var refused = await InboxActions.ApplyAsync(f.Cases, [new SelectedCase(ids[0], "", 1)], () => new ClaimStep(), outsider, CancellationToken.None);
        Assert.Equal(CaseActionOutcome.Refused, refused.Single().Outcome);
        Assert.Contains("担当", refused.Single().Refusal!.Ja, StringComparison.Ordinal);
        Assert.Equal(1, (await f.RowAsync(ids[0])).CaseVersion);

        // Assign offers only the staff the step admits.
        var staff = await InboxActions.StaffAsync(f.Db, CancellationToken.None);
        var state = (await f.Cases.LoadAsync(ids[0], CancellationToken.None))!;
        var version = await f.Db.Applications.Where(a => a.Id == ids[0]).Select(a => a.ProcedureVersion!).SingleAsync();
        var route = RouteDefinition.Of(f.Services.GetRequiredService<DefinitionCache>().Get(version));
        var eligible = InboxActions.Eligible(staff, route, state).Select(s => s.Actor.Id).ToList();
        Assert.Contains(officer.Id, eligible);
        Assert.Contains(colleague.Id, eligible);
        Assert.DoesNotContain(outsider.Id, eligible);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Search_matches_kana_width_case_and_number_spacing(string provider)
    {
        using var f = await StartAsync(provider, "search", ChiefRoute);
        var officer = await f.UserAsync("officer", "welfare");
        var taro = await f.SubmitAsync("search");
        var other = ValidAnswers();
        other["name"] = "佐藤 花子";
        other["kana"] = "サトウ ハナコ";
        other["phone"] = "06-9876-5432";
        other["email"] = "Hanako@Example.JP";
        var hanako = await f.SubmitAsync("search", other);
        var viewer = new InboxViewer(officer, DateTime.UtcNow);
        var receipt = (await f.RowAsync(hanako)).ReceiptNumber;

        Assert.Equal([taro], await f.ViewAsync("search", InboxView.All, viewer, "やまだ"));        // ひらがな → stored ﾔﾏﾀﾞ
        Assert.Equal([hanako], await f.ViewAsync("search", InboxView.All, viewer, "ｻﾄｳ"));         // 半角カナ → サトウ
        Assert.Equal([hanako], await f.ViewAsync("search", InboxView.All, viewer, "佐藤花子"));     // space ignored
        Assert.Equal([hanako], await f.ViewAsync("search", InboxView.All, viewer, "０６ ９８７６ ５４３２")); // 全角 digits, spaces for hyphens
        Assert.Equal([hanako], await f.ViewAsync("search", InboxView.All, viewer, "hanako@example.jp")); // case folded
        Assert.Equal([hanako], await f.ViewAsync("search", InboxView.All, viewer, receipt.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal)));
        Assert.Empty(await f.ViewAsync("search", InboxView.All, viewer, "鈴木"));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_backfill_fills_rows_from_before_the_columns_once(string provider)
    {
        using var f = await StartAsync(provider, "backfill", ChiefRoute);
        var officer = await f.UserAsync("officer", "welfare");
        var id = await f.SubmitAsync("backfill");
        await f.ApplyAsync(id, new StartReview(), officer);

        // As a row written before the columns existed.
        await f.Db.Applications.Where(a => a.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.SearchText, (string?)null).SetProperty(a => a.CurrentStepId, (string?)null)
            .SetProperty(a => a.AssigneeId, (string?)null).SetProperty(a => a.DueAt, (DateTime?)null));

        using var systemScope = f.Tenant.Factory.Services.CreateScope();
        var system = systemScope.ServiceProvider.GetRequiredService<AppDbContext>();
        var definitions = systemScope.ServiceProvider.GetRequiredService<DefinitionCache>();
        var calendars = systemScope.ServiceProvider.GetRequiredService<Madoguchi.Server.Features.Calendar.TenantCalendars>();
        Assert.True(await CaseColumns.BackfillAsync(system, definitions, calendars, CancellationToken.None) >= 1);
        var row = await f.RowAsync(id);
        Assert.Equal(("review", officer.Id), (row.CurrentStepId, row.AssigneeId));
        Assert.NotNull(row.DueAt);
        Assert.Contains("ヤマダ", row.SearchText, StringComparison.Ordinal);
        Assert.Equal(0, await CaseColumns.BackfillAsync(system, definitions, calendars, CancellationToken.None));
    }
}
