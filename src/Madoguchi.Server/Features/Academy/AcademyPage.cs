using Madoguchi.Core.Academy;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Server.Components;
using Microsoft.AspNetCore.Components;

namespace Madoguchi.Server.Features.Academy;

/// <summary>Base of the academy pages: the signed-in staff member's id and the academy service on a fresh context.</summary>
public abstract class AcademyPage : StaffPage
{
    [Inject] protected TimeProvider Clock { get; set; } = default!;
    [Inject] protected IServiceProvider Services { get; set; } = default!;

    protected Guid UserId => Actor.StartsWith("staff:", StringComparison.Ordinal) && Guid.TryParse(Actor["staff:".Length..], out var id) ? id : Guid.Empty;

    protected AcademyService Academy(AppDbContext db) => new(db, Clock) { Issuer = Services.GetService<ICertificateIssuer>() };

    protected string T(LocalizedText? text) => text is null ? "" : text.For(Lang);

    protected string KindName(ModuleKind kind) => Ui.Get("academy.kind." + kind.ToString().ToLowerInvariant());

    protected static string Hours(decimal hours) => hours.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

    protected static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
