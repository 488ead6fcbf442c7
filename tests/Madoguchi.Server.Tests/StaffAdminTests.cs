using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Data;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Features.Staff;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>The staff directory admin's service: codes, duplicates, unused-only deletion, assignments, audit, tenants.</summary>
public sealed class StaffAdminTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private const string Actor = "staff:test-admin";

    [Theory, MemberData(nameof(Providers))]
    public async Task Departments_and_roles_are_validated_reordered_and_deleted_only_when_unused(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();

        // A procedure whose route names the department "welfare" and the role "kacho".
        var definition = JsonNode.Parse(AllTypesJson("uses-welfare"))!.AsObject();
        definition["route"] = JsonNode.Parse("""{"steps": [{"id": "chief", "kind": "approval", "label": {"ja": "課長決裁"}, "department": "welfare", "role": "kacho"}]}""");
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        }

        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var admin = new StaffAdmin(db, TimeProvider.System);
        var ct = CancellationToken.None;

        Assert.True((await admin.CreateAsync(DirectoryKind.Department, "welfare", "福祉課", "Welfare", Actor, ct)).Ok);
        Assert.True((await admin.CreateAsync(DirectoryKind.Department, "finance", "財政課", null, Actor, ct)).Ok);
        Assert.True((await admin.CreateAsync(DirectoryKind.Department, "spare", "予備", null, Actor, ct)).Ok);
        Assert.True((await admin.CreateAsync(DirectoryKind.Role, "kacho", "課長", "Section chief", Actor, ct)).Ok);

        var duplicate = await admin.CreateAsync(DirectoryKind.Department, "welfare", "福祉課2", null, Actor, ct);
        Assert.False(duplicate.Ok);
        Assert.Contains("welfare", duplicate.Error!.Ja, StringComparison.Ordinal);
        Assert.Contains("already exists", duplicate.Error.En, StringComparison.Ordinal);
        var malformed = await admin.CreateAsync(DirectoryKind.Role, "課長", "課長", null, Actor, ct);
        Assert.False(malformed.Ok);
        Assert.Contains("not valid", malformed.Error!.En, StringComparison.Ordinal);
        Assert.False((await admin.CreateAsync(DirectoryKind.Role, "blank", "  ", null, Actor, ct)).Ok);

        // The other tenant has its own codes: the same code is free there, and it sees none of these.
        using (var otherScope = factory.Services.CreateScope())
        {
            otherScope.ServiceProvider.GetRequiredService<TenantScope>().Set(other.Id);
            var otherAdmin = new StaffAdmin(otherScope.ServiceProvider.GetRequiredService<AppDbContext>(), TimeProvider.System);
            Assert.Empty(await otherAdmin.ListAsync(DirectoryKind.Department, ct));
            Assert.True((await otherAdmin.CreateAsync(DirectoryKind.Department, "welfare", "福祉課", null, Actor, ct)).Ok);
        }

        var departments = await admin.ListAsync(DirectoryKind.Department, ct);
        Assert.Equal(["welfare", "finance", "spare"], departments.Select(d => d.Code));
        Assert.True((await admin.MoveAsync(DirectoryKind.Department, departments[2].Id, -1, Actor, ct)).Ok);
        Assert.Equal(["welfare", "spare", "finance"], (await admin.ListAsync(DirectoryKind.Department, ct)).Select(d => d.Code));
        Assert.False((await admin.MoveAsync(DirectoryKind.Department, departments[0].Id, -1, Actor, ct)).Ok);

        Assert.True((await admin.RenameAsync(DirectoryKind.Department, departments[1].Id, "財政課（本庁）", "Finance", Actor, ct)).Ok);

        // A staff member in finance: finance is used by staff, welfare by a route, spare by nobody.
        var email = $"clerk-{Guid.NewGuid():N}@example.jp";
        var (ok, errors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Id, email, "財政 太郎", "Passw0rd!-" + Guid.NewGuid().ToString("N"), Roles.Staff);
        Assert.True(ok, string.Join("; ", errors));
        var clerk = (await admin.ListStaffAsync(ct)).Single(s => s.Email == email);
        Assert.False((await admin.AssignAsync(clerk.Id, "nowhere", [], Actor, ct)).Ok);
        var unknownRole = await admin.AssignAsync(clerk.Id, "finance", ["kacho", "shacho"], Actor, ct);
        Assert.Contains("shacho", unknownRole.Error!.Ja, StringComparison.Ordinal);
        Assert.True((await admin.AssignAsync(clerk.Id, "finance", ["kacho"], Actor, ct)).Ok);
        clerk = (await admin.ListStaffAsync(ct)).Single(s => s.Email == email);
        Assert.Equal("finance", clerk.DepartmentCode);
        Assert.Equal(["kacho"], clerk.RoleCodes);

        departments = await admin.ListAsync(DirectoryKind.Department, ct);
        var welfare = departments.Single(d => d.Code == "welfare");
        var finance = departments.Single(d => d.Code == "finance");
        Assert.Equal(["uses-welfare"], welfare.UsedByProcedures);
        Assert.Equal(["財政 太郎"], finance.UsedByStaff);

        var refusedRoute = await admin.DeleteAsync(DirectoryKind.Department, welfare.Id, Actor, ct);
        Assert.False(refusedRoute.Ok);
        Assert.Contains("uses-welfare", refusedRoute.Error!.Ja, StringComparison.Ordinal);
        var refusedStaff = await admin.DeleteAsync(DirectoryKind.Department, finance.Id, Actor, ct);
        Assert.Contains("財政 太郎", refusedStaff.Error!.Ja, StringComparison.Ordinal);
        var role = (await admin.ListAsync(DirectoryKind.Role, ct)).Single();
        Assert.False((await admin.DeleteAsync(DirectoryKind.Role, role.Id, Actor, ct)).Ok);

        Assert.True((await admin.DeleteAsync(DirectoryKind.Department, departments.Single(d => d.Code == "spare").Id, Actor, ct)).Ok);
        Assert.Equal(["welfare", "finance"], (await admin.ListAsync(DirectoryKind.Department, ct)).Select(d => d.Code));

        var actions = await db.AuditRecords.AsNoTracking().Where(a => a.Actor == Actor).Select(a => a.Action).ToListAsync(ct);
        Assert.Equal(3, actions.Count(a => a == "department.created"));
        Assert.Contains("department.moved", actions);
        Assert.Contains("department.renamed", actions);
        Assert.Contains("department.deleted", actions);
        Assert.Contains("staffRole.created", actions);
        Assert.Single(actions, a => a == "staff.assigned");
        Assert.DoesNotContain(await db.AuditRecords.AsNoTracking().Where(a => a.Actor == Actor).Select(a => a.Details).ToListAsync(ct), d => d != null && d.Contains(email, StringComparison.Ordinal));
    }
}
