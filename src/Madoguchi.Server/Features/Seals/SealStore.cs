using System.Security.Cryptography;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Documents.Seals;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Seals;

/// <summary>
/// The seals of the current tenant: each staff member's personal 認印 and the organisation's 角印/公印, uploaded
/// (<see cref="SealImageRecord"/>) or generated from the name. Every change is audited; every query is tenant-filtered.
/// See docs/documents.md (Seals in the server).
/// </summary>
public sealed class SealStore(AppDbContext db, TenantScope scope, TimeProvider clock)
{
    public const int MaxOfficeTextLength = 40;

    /// <summary>The office when none is set: a municipality's head (「金沢市」 → 金沢市長之印, notices signed by 金沢市長).</summary>
    public const string DefaultOfficeText = "長";

    /// <summary>The staff member's seal: their upload if any, else a round 認印 of <paramref name="familyName"/>.</summary>
    public async Task<SealImage> PersonalAsync(Guid userId, string familyName, CancellationToken ct)
    {
        var upload = await FindAsync(SealOwnerKind.Personal, userId, ct);
        return upload is not null ? SealImage.Uploaded(upload.Png) : SealImage.Generated(SealLayout.Personal(SealName(familyName)));
    }

    /// <summary>The organisation's seal: the upload if any, else a square 角印 of the organisation's name and office.</summary>
    public async Task<SealImage> OfficialAsync(CancellationToken ct)
    {
        var upload = await FindAsync(SealOwnerKind.Official, null, ct);
        return upload is not null ? SealImage.Uploaded(upload.Png) : SealImage.Generated(SealLayout.Official(await OfficialTextAsync(ct)));
    }

    /// <summary>The text of the generated official seal: the organisation's name followed by the office text (「之印」 is added when drawn).</summary>
    public async Task<string> OfficialTextAsync(CancellationToken ct)
    {
        var tenant = await TenantAsync(ct);
        var text = (tenant.NameJa + (tenant.SealOfficeText ?? DefaultOfficeText)).Trim();
        return text.Length > 0 ? text : "公印";
    }

    public async Task<string?> OfficeTextAsync(CancellationToken ct) => (await TenantAsync(ct)).SealOfficeText;

    /// <summary>The upload for this owner, or null (the generated seal is used).</summary>
    public Task<SealImageRecord?> FindAsync(SealOwnerKind kind, Guid? userId, CancellationToken ct)
    {
        var owner = kind == SealOwnerKind.Personal ? userId : null;
        return db.SealImages.AsNoTracking().Where(s => s.OwnerKind == kind && s.OwnerUserId == owner)
            .OrderByDescending(s => s.UploadedAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>Validates and stores an upload, replacing any earlier one, with its audit record in one save; null when stored, else the problem.</summary>
    public async Task<LocalizedText?> UploadAsync(SealOwnerKind kind, Guid? userId, byte[] png, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(png);
        if (SealPng.Problem(png) is { } problem)
        {
            return problem;
        }

        var owner = Owner(kind, userId);
        var now = clock.GetUtcNow().UtcDateTime;
        db.SealImages.RemoveRange(await db.SealImages.Where(s => s.OwnerKind == kind && s.OwnerUserId == owner).ToListAsync(ct));
        var record = new SealImageRecord
        {
            Id = Guid.CreateVersion7(),
            OwnerKind = kind,
            OwnerUserId = owner,
            Png = png,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(png)),
            UploadedAt = now,
            UploadedBy = actor,
        };
        db.SealImages.Add(record);
        Audit(kind, owner, "uploaded", actor, now, $"{{\"sha256\":\"{record.Sha256}\",\"bytes\":{png.Length}}}");
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>Removes the upload (back to the generated seal); false when there was none.</summary>
    public async Task<bool> RemoveAsync(SealOwnerKind kind, Guid? userId, string actor, CancellationToken ct)
    {
        var owner = Owner(kind, userId);
        var rows = await db.SealImages.Where(s => s.OwnerKind == kind && s.OwnerUserId == owner).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return false;
        }

        db.SealImages.RemoveRange(rows);
        Audit(kind, owner, "removed", actor, clock.GetUtcNow().UtcDateTime, $"{{\"sha256\":\"{rows[0].Sha256}\"}}");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Sets the office text of the generated official seal (e.g. 「教育長」 → 金沢市教育長之印); blank returns to 「長」.</summary>
    public async Task<LocalizedText?> SetOfficeTextAsync(string? text, string actor, CancellationToken ct)
    {
        var value = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (value is { Length: > MaxOfficeTextLength })
        {
            return new($"公印の職名は{MaxOfficeTextLength}文字以内にしてください。", $"The office on the official seal must be at most {MaxOfficeTextLength} characters.");
        }

        if (value is not null && value.Any(char.IsControl))
        {
            return new("公印の職名に改行や制御文字は使えません。", "The office on the official seal cannot contain line breaks or control characters.");
        }

        var tenant = await db.Tenants.SingleAsync(t => t.Id == TenantId, ct);
        if (tenant.SealOfficeText == value)
        {
            return null;
        }

        tenant.SealOfficeText = value;
        Audit(SealOwnerKind.Official, null, "officeChanged", actor, clock.GetUtcNow().UtcDateTime, null);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The family name from a display name such as 「佐藤 花子」 or 「佐藤　花子」: the part before the first space.</summary>
    public static string FamilyName(string? displayName)
    {
        var name = (displayName ?? "").Trim();
        var space = name.IndexOfAny([' ', '\u3000']);
        return space > 0 ? name[..space] : name;
    }

    private static string SealName(string familyName) => string.IsNullOrWhiteSpace(familyName) ? "印" : familyName.Trim();

    private static Guid? Owner(SealOwnerKind kind, Guid? userId)
    {
        if (kind == SealOwnerKind.Personal && userId is null)
        {
            throw new ArgumentException("A personal seal needs its owner.", nameof(userId));
        }

        return kind == SealOwnerKind.Personal ? userId : null;
    }

    private Guid TenantId => scope.TenantId ?? throw new InvalidOperationException("No tenant selected.");

    private Task<Tenant> TenantAsync(CancellationToken ct) => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == TenantId, ct);

    private void Audit(SealOwnerKind kind, Guid? owner, string what, string actor, DateTime at, string? details) =>
        db.AuditRecords.Add(new AuditRecord
        {
            At = at,
            Actor = actor,
            Action = $"seal.{(kind == SealOwnerKind.Personal ? "personal" : "official")}.{what}",
            EntityType = "Seal",
            EntityId = kind == SealOwnerKind.Personal ? owner!.Value.ToString() : "official",
            Details = details,
        });
}
