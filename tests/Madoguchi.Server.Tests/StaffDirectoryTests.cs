using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Core.Cases;
using Madoguchi.Data;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Features.Cases;
using Madoguchi.Server.Features.Staff;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>Departments and job roles from the staff directory decide who may act on which route step.</summary>
public sealed class StaffDirectoryTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static string RoutedProcedure(string slug)
    {
        var definition = JsonNode.Parse(AllTypesJson(slug))!.AsObject();
        definition["route"] = JsonNode.Parse("""
            {"steps": [
              {"id": "review", "kind": "review", "label": {"ja": "担当者審査"}, "department": "welfare"},
              {"id": "chief", "kind": "approval", "label": {"ja": "課長決裁"}, "department": "welfare", "role": "sectionChief"}
            ]}
            """);
        return definition.ToJsonString();
    }

    private static async Task<Guid> UserAsync(IServiceProvider services, Guid tenantId, string name, string? department, string? roles)
    {
        var email = $"{name}-{Guid.NewGuid():N}@example.jp";
        var (ok, errors) = await AccountCommands.CreateUserAsync(services, tenantId, email, name, "Passw0rd!-" + Guid.NewGuid().ToString("N"), Roles.Staff, department, roles);
        Assert.True(ok, string.Join("; ", errors));
        var db = services.GetRequiredService<AppDbContext>();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private static ClaimsPrincipal Principal(Guid userId, Guid tenantId) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, userId.ToString()),
            new Claim(ClaimTypes.Role, Roles.Staff),
            new Claim(TenantScope.ClaimType, tenantId.ToString()),
        ], "test"));

    [Theory, MemberData(nameof(Providers))]
    public async Task Department_and_job_role_decide_who_acts_and_a_transfer_counts_at_once(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(RoutedProcedure("routed"), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        using (var publish = await tenant.Api.PostAsync("/api/v1/procedures/routed/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        using var submitted = await SubmitAsync(tenant.Api, "routed", Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await ReadJsonAsync(submitted))["id"]!.GetValue<Guid>();

        using var scope = factory.Services.CreateScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<TenantScope>().Set(tenant.Id);
        var officer = await UserAsync(services, tenant.Id, "officer", "welfare", null);
        var chief = await UserAsync(services, tenant.Id, "chief", "welfare", "sectionChief  deputy");
        var outsider = await UserAsync(services, tenant.Id, "outsider", "finance", "sectionChief");
        var db = services.GetRequiredService<AppDbContext>();
        var cases = services.GetRequiredService<CaseService>();

        async Task<Actor> ActorOf(Guid user) => await StaffDirectory.ActorAsync(db, Principal(user, tenant.Id), CancellationToken.None);

        var chiefActor = await ActorOf(chief);
        Assert.Equal(StaffDirectory.ActorId(chief), chiefActor.Id);
        Assert.Equal(["staff", "sectionChief", "deputy"], chiefActor.Roles);
        Assert.Equal(["welfare"], chiefActor.Departments);

        var refused = await cases.ApplyAsync(id, new StartReview(), await ActorOf(outsider), null, CancellationToken.None);
        Assert.Equal(CaseActionOutcome.Refused, refused.Outcome);
        Assert.Equal("notAssignee", refused.Refusal!.Code);

        Assert.Equal(CaseActionOutcome.Applied, (await cases.ApplyAsync(id, new StartReview(), await ActorOf(officer), null, CancellationToken.None)).Outcome);
        Assert.Equal(CaseActionOutcome.Applied, (await cases.ApplyAsync(id, new ApproveStep("確認済み"), await ActorOf(officer), null, CancellationToken.None)).Outcome);

        var officerAtChiefStep = await cases.ApplyAsync(id, new ApproveStep(), await ActorOf(officer), null, CancellationToken.None);
        Assert.Equal("notAssignee", officerAtChiefStep.Refusal?.Code);

        // The chief moves to finance: from the next action on, the welfare chief's step no longer admits them.
        var user = await db.Users.SingleAsync(u => u.Id == chief);
        user.DepartmentCode = "finance";
        await db.SaveChangesAsync();
        var transferred = await cases.ApplyAsync(id, new ApproveStep(), await ActorOf(chief), null, CancellationToken.None);
        Assert.Equal("notAssignee", transferred.Refusal?.Code);

        // (the case service clears the shared context's tracker, so read the user again)
        await db.Users.Where(u => u.Id == chief).ExecuteUpdateAsync(u => u.SetProperty(x => x.DepartmentCode, "welfare"));
        var approved = await cases.ApplyAsync(id, new ApproveStep(), await ActorOf(chief), null, CancellationToken.None);
        Assert.Equal(CaseActionOutcome.Applied, approved.Outcome);
        Assert.Equal(CaseStatus.ReadyForDecision, approved.State!.Status);
    }
}
