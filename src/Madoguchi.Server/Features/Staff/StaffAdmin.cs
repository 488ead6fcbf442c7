using System.Text.Json;
using System.Text.RegularExpressions;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Staff;

/// <summary>The two code lists of the staff directory.</summary>
public enum DirectoryKind
{
    Department,
    Role,
}

/// <summary>One department or job role with where it is used (staff members and procedures whose routes name it).</summary>
public sealed record DirectoryEntry(Guid Id, string Code, string NameJa, string? NameEn, int Order, IReadOnlyList<string> UsedByStaff, IReadOnlyList<string> UsedByProcedures)
{
    public bool InUse => UsedByStaff.Count > 0 || UsedByProcedures.Count > 0;
}

/// <summary>A staff member as the directory admin lists them.</summary>
public sealed record StaffMember(Guid Id, string Email, string DisplayName, string? DepartmentCode, IReadOnlyList<string> RoleCodes, bool IsAdmin);

/// <summary>The result of a directory change: done, or refused with a ja/en message saying what and where.</summary>
public sealed record AdminResult(bool Ok, LocalizedText? Error)
{
    public static readonly AdminResult Done = new(true, null);

    public static AdminResult Refused(string ja, string en) => new(false, new LocalizedText(ja, en));
}

/// <summary>
/// The staff directory's administration (admin role only): departments and job roles (create, rename, reorder, delete
/// when unused) and each staff member's department and roles. Every change is one SaveChanges with its audit record.
/// Tenant isolation comes from the context's query filter (departments, roles) and an explicit tenant condition (users).
/// </summary>
public sealed partial class StaffAdmin(AppDbContext db, TimeProvider clock)
{
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeRegex();

    public static bool IsValidCode(string? code) => code is not null && CodeRegex().IsMatch(code);

    private Guid TenantId => db.CurrentTenantId ?? throw new InvalidOperationException("No tenant is set.");

    private static (string Ja, string En) Noun(DirectoryKind kind) => kind == DirectoryKind.Department ? ("部署", "department") : ("役職", "job role");

    public async Task<IReadOnlyList<DirectoryEntry>> ListAsync(DirectoryKind kind, CancellationToken cancellationToken)
    {
        var rows = kind == DirectoryKind.Department
            ? await db.Departments.AsNoTracking().Select(d => new { d.Id, d.Code, d.NameJa, d.NameEn, Order = d.SortOrder }).ToListAsync(cancellationToken)
            : await db.StaffRoles.AsNoTracking().Select(r => new { r.Id, r.Code, r.NameJa, r.NameEn, Order = r.Rank }).ToListAsync(cancellationToken);
        var staff = await ListStaffAsync(cancellationToken);
        var routes = await RouteCodesAsync(kind, cancellationToken);
        return [.. rows.OrderBy(r => r.Order).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => new DirectoryEntry(
            r.Id, r.Code, r.NameJa, r.NameEn, r.Order,
            [.. staff.Where(s => kind == DirectoryKind.Department ? s.DepartmentCode == r.Code : s.RoleCodes.Contains(r.Code, StringComparer.Ordinal)).Select(s => s.DisplayName)],
            [.. routes.Where(p => p.Codes.Contains(r.Code)).Select(p => p.Slug)]))];
    }

    public async Task<AdminResult> CreateAsync(DirectoryKind kind, string code, string nameJa, string? nameEn, string actor, CancellationToken cancellationToken)
    {
        code = (code ?? "").Trim();
        var (ja, en) = Noun(kind);
        if (!IsValidCode(code))
        {
            return AdminResult.Refused(
                $"{ja}のコード「{code}」は使えません。英字で始め、英数字・「-」・「_」の64文字以内にしてください。",
                $"The {en} code \"{code}\" is not valid: start with a letter and use up to 64 letters, digits, '-' or '_'.");
        }

        if (Name(nameJa) is not { } name)
        {
            return AdminResult.Refused($"{ja}の名前（日本語）を入力してください。", $"Enter the {en}'s Japanese name.");
        }

        var taken = kind == DirectoryKind.Department
            ? await db.Departments.AnyAsync(d => d.Code == code, cancellationToken)
            : await db.StaffRoles.AnyAsync(r => r.Code == code, cancellationToken);
        if (taken)
        {
            return AdminResult.Refused($"{ja}のコード「{code}」は既にあります。", $"A {en} with the code \"{code}\" already exists.");
        }

        if (kind == DirectoryKind.Department)
        {
            var order = await db.Departments.Select(d => (int?)d.SortOrder).MaxAsync(cancellationToken) ?? 0;
            db.Departments.Add(new Department { Id = Guid.CreateVersion7(), TenantId = TenantId, Code = code, NameJa = name, NameEn = Name(nameEn), SortOrder = order + 10 });
        }
        else
        {
            var order = await db.StaffRoles.Select(r => (int?)r.Rank).MaxAsync(cancellationToken) ?? 0;
            db.StaffRoles.Add(new StaffRole { Id = Guid.CreateVersion7(), TenantId = TenantId, Code = code, NameJa = name, NameEn = Name(nameEn), Rank = order + 10 });
        }

        Audit(actor, kind, "created", code, new { nameJa = name, nameEn = Name(nameEn) });
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Done;
    }

    public async Task<AdminResult> RenameAsync(DirectoryKind kind, Guid id, string nameJa, string? nameEn, string actor, CancellationToken cancellationToken)
    {
        var (ja, en) = Noun(kind);
        if (Name(nameJa) is not { } name)
        {
            return AdminResult.Refused($"{ja}の名前（日本語）を入力してください。", $"Enter the {en}'s Japanese name.");
        }

        string code;
        if (kind == DirectoryKind.Department)
        {
            var row = await db.Departments.SingleOrDefaultAsync(d => d.Id == id, cancellationToken);
            if (row is null)
            {
                return NotFound(kind);
            }

            (row.NameJa, row.NameEn, code) = (name, Name(nameEn), row.Code);
        }
        else
        {
            var row = await db.StaffRoles.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
            if (row is null)
            {
                return NotFound(kind);
            }

            (row.NameJa, row.NameEn, code) = (name, Name(nameEn), row.Code);
        }

        Audit(actor, kind, "renamed", code, new { nameJa = name, nameEn = Name(nameEn) });
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Done;
    }

    /// <summary>Swaps the entry with its neighbour above (<paramref name="delta"/> -1) or below (+1); numbers the list afresh.</summary>
    public async Task<AdminResult> MoveAsync(DirectoryKind kind, Guid id, int delta, string actor, CancellationToken cancellationToken)
    {
        List<(Guid Id, string Code, Action<int> SetOrder)> list = kind == DirectoryKind.Department
            ? [.. (await db.Departments.ToListAsync(cancellationToken)).OrderBy(d => d.SortOrder).ThenBy(d => d.Code, StringComparer.Ordinal).Select(d => (d.Id, d.Code, (Action<int>)(o => d.SortOrder = o)))]
            : [.. (await db.StaffRoles.ToListAsync(cancellationToken)).OrderBy(r => r.Rank).ThenBy(r => r.Code, StringComparer.Ordinal).Select(r => (r.Id, r.Code, (Action<int>)(o => r.Rank = o)))];
        var index = list.FindIndex(e => e.Id == id);
        if (index < 0)
        {
            return NotFound(kind);
        }

        var to = index + Math.Sign(delta);
        if (to < 0 || to >= list.Count)
        {
            return AdminResult.Refused("これ以上移動できません。", "It cannot move further.");
        }

        (list[index], list[to]) = (list[to], list[index]);
        for (var i = 0; i < list.Count; i++)
        {
            list[i].SetOrder((i + 1) * 10);
        }

        Audit(actor, kind, "moved", list[to].Code, new { position = to + 1 });
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Done;
    }

    /// <summary>Deletes a department or job role nobody holds and no procedure's route names; otherwise says where it is used.</summary>
    public async Task<AdminResult> DeleteAsync(DirectoryKind kind, Guid id, string actor, CancellationToken cancellationToken)
    {
        var entry = (await ListAsync(kind, cancellationToken)).FirstOrDefault(e => e.Id == id);
        if (entry is null)
        {
            return NotFound(kind);
        }

        var (ja, en) = Noun(kind);
        if (entry.InUse)
        {
            var staffJa = entry.UsedByStaff.Count > 0 ? $"職員 {entry.UsedByStaff.Count}名（{string.Join("、", entry.UsedByStaff.Take(5))}{(entry.UsedByStaff.Count > 5 ? "ほか" : "")}）" : null;
            var staffEn = entry.UsedByStaff.Count > 0 ? $"{entry.UsedByStaff.Count} staff member(s) ({string.Join(", ", entry.UsedByStaff.Take(5))}{(entry.UsedByStaff.Count > 5 ? ", …" : "")})" : null;
            var procJa = entry.UsedByProcedures.Count > 0 ? $"手続の決裁ルート（{string.Join("、", entry.UsedByProcedures)}）" : null;
            var procEn = entry.UsedByProcedures.Count > 0 ? $"the approval routes of {string.Join(", ", entry.UsedByProcedures)}" : null;
            return AdminResult.Refused(
                $"{ja}「{entry.NameJa}」は{string.Join("と", new[] { staffJa, procJa }.OfType<string>())}で使われているため削除できません。",
                $"The {en} \"{entry.NameEn ?? entry.NameJa}\" is used by {string.Join(" and ", new[] { staffEn, procEn }.OfType<string>())}, so it cannot be deleted.");
        }

        if (kind == DirectoryKind.Department)
        {
            db.Departments.Remove(await db.Departments.SingleAsync(d => d.Id == id, cancellationToken));
        }
        else
        {
            db.StaffRoles.Remove(await db.StaffRoles.SingleAsync(r => r.Id == id, cancellationToken));
        }

        Audit(actor, kind, "deleted", entry.Code, null);
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Done;
    }

    public async Task<IReadOnlyList<StaffMember>> ListStaffAsync(CancellationToken cancellationToken)
    {
        var tenant = TenantId;
        var adminRole = await db.Roles.Where(r => r.Name == Accounts.Roles.Admin).Select(r => r.Id).SingleOrDefaultAsync(cancellationToken);
        var admins = await db.UserRoles.Where(ur => ur.RoleId == adminRole).Select(ur => ur.UserId).ToListAsync(cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.TenantId == tenant).OrderBy(u => u.DisplayName)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.DepartmentCode, u.RoleCodes }).ToListAsync(cancellationToken);
        return [.. users.Select(u => new StaffMember(u.Id, u.Email ?? "", u.DisplayName, u.DepartmentCode, StaffDirectory.SplitCodes(u.RoleCodes), admins.Contains(u.Id)))];
    }

    /// <summary>Sets a staff member's department and job roles; every code must exist in the directory.</summary>
    public async Task<AdminResult> AssignAsync(Guid userId, string? departmentCode, IEnumerable<string> roleCodes, string actor, CancellationToken cancellationToken)
    {
        var tenant = TenantId;
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == userId && u.TenantId == tenant, cancellationToken);
        if (user is null)
        {
            return AdminResult.Refused("職員が見つかりません。", "The staff member was not found.");
        }

        var (department, roles, error) = await CheckCodesAsync(departmentCode, roleCodes, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        user.DepartmentCode = department;
        user.RoleCodes = string.Join(' ', roles);
        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = tenant,
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = "staff.assigned",
            EntityType = "user",
            EntityId = user.Id.ToString(),
            Details = JsonSerializer.Serialize(new { department, roles }),
        });
        await db.SaveChangesAsync(cancellationToken);
        return AdminResult.Done;
    }

    /// <summary>Checks a department code and role codes against the directory (blank department: none).</summary>
    public async Task<(string? Department, IReadOnlyList<string> Roles, AdminResult? Error)> CheckCodesAsync(string? departmentCode, IEnumerable<string> roleCodes, CancellationToken cancellationToken)
    {
        var department = string.IsNullOrWhiteSpace(departmentCode) ? null : departmentCode.Trim();
        if (department is not null && !await db.Departments.AnyAsync(d => d.Code == department, cancellationToken))
        {
            return (null, [], AdminResult.Refused($"部署「{department}」は職員名簿にありません。", $"The department \"{department}\" is not in the staff directory."));
        }

        var roles = StaffDirectory.SplitCodes(string.Join(' ', roleCodes ?? [])).Distinct(StringComparer.Ordinal).ToList();
        var known = await db.StaffRoles.Where(r => roles.Contains(r.Code)).Select(r => r.Code).ToListAsync(cancellationToken);
        if (roles.FirstOrDefault(r => !known.Contains(r)) is { } unknown)
        {
            return (null, [], AdminResult.Refused($"役職「{unknown}」は職員名簿にありません。", $"The job role \"{unknown}\" is not in the staff directory."));
        }

        return (department, roles, null);
    }

    /// <summary>Writes the audit record of a staff account created by <see cref="Admin.AccountCommands"/> (no email in it).</summary>
    public async Task AuditCreatedAsync(Guid userId, string role, string actor, CancellationToken cancellationToken)
    {
        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = TenantId,
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = "staff.created",
            EntityType = "user",
            EntityId = userId.ToString(),
            Details = JsonSerializer.Serialize(new { role }),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static AdminResult NotFound(DirectoryKind kind) => kind == DirectoryKind.Department
        ? AdminResult.Refused("部署が見つかりません。", "The department was not found.")
        : AdminResult.Refused("役職が見つかりません。", "The job role was not found.");

    private static string? Name(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void Audit(string actor, DirectoryKind kind, string verb, string code, object? details)
    {
        var entity = kind == DirectoryKind.Department ? "department" : "staffRole";
        db.AuditRecords.Add(new AuditRecord
        {
            TenantId = TenantId,
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = $"{entity}.{verb}",
            EntityType = entity,
            EntityId = code,
            Details = details is null ? null : JsonSerializer.Serialize(details),
        });
    }

    /// <summary>The department or role codes each procedure's routes name (its draft and every published version).</summary>
    private async Task<List<(string Slug, HashSet<string> Codes)>> RouteCodesAsync(DirectoryKind kind, CancellationToken cancellationToken)
    {
        var property = kind == DirectoryKind.Department ? "department" : "role";
        var procedures = await db.Procedures.AsNoTracking().Select(p => new { p.Id, p.Slug, p.DraftDefinitionJson }).ToListAsync(cancellationToken);
        var versions = await db.ProcedureVersions.AsNoTracking().Select(v => new { v.ProcedureId, v.DefinitionJson }).ToListAsync(cancellationToken);
        var result = new List<(string, HashSet<string>)>();
        foreach (var procedure in procedures.OrderBy(p => p.Slug, StringComparer.Ordinal))
        {
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var json in versions.Where(v => v.ProcedureId == procedure.Id).Select(v => v.DefinitionJson).Append(procedure.DraftDefinitionJson))
            {
                Collect(json, property, codes);
            }

            if (codes.Count > 0)
            {
                result.Add((procedure.Slug, codes));
            }
        }

        return result;
    }

    private static void Collect(string json, string property, HashSet<string> codes)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("route", out var route) || route.ValueKind != JsonValueKind.Object
                || !route.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
            {
                return;
            }

            foreach (var step in steps.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
            {
                Add(step, property, codes);
                if (step.TryGetProperty("assignees", out var parties) && parties.ValueKind == JsonValueKind.Array)
                {
                    foreach (var party in parties.EnumerateArray().Where(p => p.ValueKind == JsonValueKind.Object))
                    {
                        Add(party, property, codes);
                    }
                }
            }
        }
        catch (JsonException)
        {
            // A draft that is not JSON names nothing.
        }
    }

    private static void Add(JsonElement element, string property, HashSet<string> codes)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } code)
        {
            codes.Add(code);
        }
    }
}
