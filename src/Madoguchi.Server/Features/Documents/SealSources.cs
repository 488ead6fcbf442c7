using Madoguchi.Data;
using Madoguchi.Documents.Seals;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Documents;

/// <summary>
/// Where seals come from. For now every seal is generated: an approver's round 認印 from their family name, and the
/// organisation's square 公印 from the tenant's name and office (「〇〇市長之印」). Uploaded seals and a per-procedure
/// seal policy plug in here.
/// </summary>
public sealed class SealSources(AppDbContext db)
{
    /// <summary>The approver's personal seal.</summary>
    public Task<SealImage> PersonalAsync(string actorId, string displayName, CancellationToken ct)
    {
        _ = actorId;
        _ = ct;
        return Task.FromResult(SealImage.Generated(SealLayout.Personal(FamilyName(displayName))));
    }

    /// <summary>The organisation's official seal (公印) for a tenant.</summary>
    public async Task<SealImage> OfficialAsync(Guid tenantId, CancellationToken ct)
    {
        var name = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => t.NameJa).SingleAsync(ct);
        return SealImage.Generated(SealLayout.Official(OfficeHolder(name)));
    }

    /// <summary>The office holder who issues notices: 「金沢市」→「金沢市長」 (a name already ending in 長 is kept).</summary>
    public static string OfficeHolder(string organisationName)
    {
        var name = organisationName.Trim();
        return name.EndsWith('長') ? name : name + "長";
    }

    /// <summary>The family name shown on a 認印: the part before the first space of 「佐藤 花子」, else the whole name.</summary>
    public static string FamilyName(string displayName)
    {
        var name = displayName.Trim();
        var space = name.IndexOfAny([' ', '　']);
        var family = space > 0 ? name[..space] : name;
        return family.Length == 0 ? "印" : family;
    }
}
