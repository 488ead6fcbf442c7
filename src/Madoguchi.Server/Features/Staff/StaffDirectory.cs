using System.Security.Claims;
using Madoguchi.Core.Cases;
using Madoguchi.Data;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Staff;

/// <summary>
/// Who a signed-in staff member is for the case rules: their sign-in roles plus the job roles (職位) and department
/// (課) the organisation gave them. Read from the database on every action, so that a changed assignment (a transfer,
/// a revoked role) counts from the very next action, not from the next sign-in.
/// </summary>
public static class StaffDirectory
{
    /// <summary>The actor id of a staff member as it appears in cases, audit records and route steps' <c>staff</c>.</summary>
    public static string ActorId(Guid userId) => "staff:" + userId.ToString();

    /// <summary>Splits the space-separated <c>RoleCodes</c> of a user.</summary>
    public static IReadOnlyList<string> SplitCodes(string? codes) =>
        string.IsNullOrWhiteSpace(codes) ? [] : codes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>
    /// The case actor for a signed-in principal. An API key (no staff user behind it) acts with the "staff" role only
    /// and no department, so it can take steps only on routes that name no constraint.
    /// </summary>
    public static async Task<Actor> ActorAsync(AppDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(user);
        var signInRoles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        if (user.FindFirstValue("madoguchi:actor") is { } apiActor)
        {
            return Actor.Staff(apiActor, signInRoles.Count > 0 ? signInRoles : ["staff"]);
        }

        if (!Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId))
        {
            throw new InvalidOperationException("The principal is not a staff member.");
        }

        var profile = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.DepartmentCode, u.RoleCodes })
            .SingleOrDefaultAsync(cancellationToken);
        var roles = signInRoles.Concat(SplitCodes(profile?.RoleCodes)).Distinct(StringComparer.Ordinal).ToList();
        var departments = profile?.DepartmentCode is { Length: > 0 } department ? new[] { department } : [];
        return Actor.Staff(ActorId(userId), roles, departments);
    }
}
