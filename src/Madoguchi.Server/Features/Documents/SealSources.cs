using Madoguchi.Documents.Seals;

namespace Madoguchi.Server.Features.Documents;

/// <summary>
/// Where the seals of issued documents come from: the staff member's or the organisation's uploaded seal if there is
/// one, else the generated 認印 (from the family name) or 公印 (from the organisation's name and office text) —
/// <see cref="Seals.SealStore"/>, which the seal pages manage.
/// </summary>
public sealed class SealSources(Seals.SealStore store)
{
    /// <summary>The approver's personal seal.</summary>
    public async Task<SealImage> PersonalAsync(string actorId, string displayName, CancellationToken ct) =>
        actorId.StartsWith("staff:", StringComparison.Ordinal) && Guid.TryParse(actorId["staff:".Length..], out var userId)
            ? await store.PersonalAsync(userId, FamilyName(displayName), ct)
            : SealImage.Generated(SealLayout.Personal(FamilyName(displayName)));

    /// <summary>The organisation's official seal (公印); documents are issued in the scope of their own tenant.</summary>
    public Task<SealImage> OfficialAsync(Guid tenantId, CancellationToken ct)
    {
        _ = tenantId;
        return store.OfficialAsync(ct);
    }

    /// <summary>Who issues notices, as the official seal names them (「金沢市長」): notices are signed in that name.</summary>
    public Task<string> OfficeHolderAsync(CancellationToken ct) => store.OfficialTextAsync(ct);

    /// <summary>The family name shown on a 認印: the part before the first space of 「佐藤 花子」, else the whole name.</summary>
    public static string FamilyName(string displayName)
    {
        var family = Seals.SealStore.FamilyName(displayName);
        return family.Length == 0 ? "印" : family;
    }
}
