using Madoguchi.Core.Cases;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Server.Features.Procedures;
using Madoguchi.Server.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Cases;

/// <summary>A staff member of the tenant as the case rules see them, with their display name, for "assign to…".</summary>
public sealed record StaffCandidate(Guid UserId, string DisplayName, Actor Actor);

/// <summary>The case selected in the inbox and the version the user saw.</summary>
public sealed record SelectedCase(Guid Id, string ReceiptNumber, int Version);

/// <summary>What happened to one case of a bulk action.</summary>
public sealed record BulkItemResult(Guid Id, string ReceiptNumber, CaseActionOutcome Outcome, LocalizedText? Refusal);

public static class InboxActions
{
    /// <summary>
    /// Every staff user of the current tenant with their sign-in roles, job roles and department, as actors. The users
    /// table has no tenant query filter, so the tenant is named here.
    /// </summary>
    public static async Task<List<StaffCandidate>> StaffAsync(AppDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tenantId = db.CurrentTenantId ?? throw new InvalidOperationException("No tenant.");
        var users = await db.Users.AsNoTracking().Where(u => u.TenantId == tenantId)
            .Select(u => new { u.Id, u.DisplayName, u.DepartmentCode, u.RoleCodes })
            .OrderBy(u => u.DisplayName).ToListAsync(ct);
        var ids = users.Select(u => u.Id).ToList();
        var signInRoles = await (from ur in db.UserRoles
                                 join r in db.Roles on ur.RoleId equals r.Id
                                 where ids.Contains(ur.UserId)
                                 select new { ur.UserId, r.Name }).ToListAsync(ct);
        return [.. users.Select(u => new StaffCandidate(u.Id, u.DisplayName, Actor.Staff(
            StaffDirectory.ActorId(u.Id),
            signInRoles.Where(r => r.UserId == u.Id && r.Name is not null).Select(r => r.Name!).Concat(StaffDirectory.SplitCodes(u.RoleCodes)).Distinct(StringComparer.Ordinal),
            u.DepartmentCode is { Length: > 0 } d ? [d] : [])))];
    }

    /// <summary>
    /// The staff the step a case waits on admits (before review: the first step), without the applicant. Claim and
    /// assign act on that step (docs/case-handling.md rule 3); Core still has the last word when the command runs.
    /// </summary>
    public static IReadOnlyList<StaffCandidate> Eligible(IReadOnlyList<StaffCandidate> staff, RouteDefinition route, CaseState state)
    {
        ArgumentNullException.ThrowIfNull(staff);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(state);
        if (!CaseTransitionTable.AllowedIn(state.Status).Contains(CaseCommandKind.Assign)
            || state.CurrentStepId is not { } stepId || route.FindStep(stepId) is not { Kind: not StepKind.Consultation } step)
        {
            return [];
        }

        return [.. staff.Where(s => s.Actor.Id != state.ApplicantId && step.Admits(s.Actor))];
    }

    /// <summary>
    /// Applies one command to each selected case in turn, each through <see cref="CaseService.ApplyAsync"/> with the
    /// version the user saw: a case changed since then reports a conflict and is left as it is; each case is saved on
    /// its own (all of one case's change or none of it).
    /// </summary>
    public static async Task<List<BulkItemResult>> ApplyAsync(CaseService cases, IReadOnlyList<SelectedCase> selected, Func<CaseCommand> command, Actor actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(selected);
        ArgumentNullException.ThrowIfNull(command);
        var results = new List<BulkItemResult>(selected.Count);
        foreach (var item in selected)
        {
            var result = await cases.ApplyAsync(item.Id, command(), actor, item.Version, ct);
            results.Add(new BulkItemResult(item.Id, item.ReceiptNumber, result.Outcome, result.Refusal?.Message));
        }

        return results;
    }

    /// <summary>The routes of the given procedure versions (for step labels and eligibility on an inbox page).</summary>
    public static async Task<Dictionary<Guid, RouteDefinition>> RoutesAsync(AppDbContext db, DefinitionCache definitions, IEnumerable<Guid> versionIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(definitions);
        var ids = versionIds.Distinct().ToList();
        var versions = await db.ProcedureVersions.AsNoTracking().Where(v => ids.Contains(v.Id)).ToListAsync(ct);
        return versions.ToDictionary(v => v.Id, v => RouteDefinition.Of(definitions.Get(v)));
    }
}
