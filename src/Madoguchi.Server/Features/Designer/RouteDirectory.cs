using Madoguchi.Data;
using Madoguchi.Server.Features.Staff;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Designer;

/// <summary>One choice for a route step's people: the code (or staff id) stored in the route and what staff read.</summary>
public sealed record DirectoryOption(string Value, string NameJa, string? NameEn)
{
    public string Name(string language) => language == "en" && !string.IsNullOrWhiteSpace(NameEn) ? NameEn : NameJa;
}

/// <summary>
/// The tenant's departments, job roles and staff as the route designer offers them. Read once when the designer opens:
/// the route stores codes and ids, so a department renamed meanwhile still matches.
/// </summary>
public sealed record RouteDirectory(IReadOnlyList<DirectoryOption> Departments, IReadOnlyList<DirectoryOption> Roles, IReadOnlyList<DirectoryOption> Staff)
{
    public static readonly RouteDirectory Empty = new([], [], []);

    public static async Task<RouteDirectory> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Code)
            .Select(d => new DirectoryOption(d.Code, d.NameJa, d.NameEn)).ToListAsync(cancellationToken);
        var roles = await db.StaffRoles.AsNoTracking().OrderBy(r => r.Rank).ThenBy(r => r.Code)
            .Select(r => new DirectoryOption(r.Code, r.NameJa, r.NameEn)).ToListAsync(cancellationToken);

        // Users carry no query filter (sign-in must find them before a tenant is known): filter by tenant here.
        var tenant = db.CurrentTenantId ?? throw new InvalidOperationException("No tenant is set.");
        var users = await db.Users.AsNoTracking().Where(u => u.TenantId == tenant).OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.DisplayName }).ToListAsync(cancellationToken);
        return new RouteDirectory(departments, roles, [.. users.Select(u => new DirectoryOption(StaffDirectory.ActorId(u.Id), u.DisplayName, null))]);
    }
}
