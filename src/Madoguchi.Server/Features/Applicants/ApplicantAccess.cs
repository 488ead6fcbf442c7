using System.Security.Claims;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Applicants;

/// <summary>Who acts for an application: its owner account, or a guest who proved the access code.</summary>
public sealed record ApplicationAccess(Application Application, ApplicantAccount? Account)
{
    public bool ByAccount => Account is not null;

    /// <summary>The actor written to audit records and the case history.</summary>
    public string Actor => Account is { } account ? "applicant:" + account.Id : "applicant:" + Application.ReceiptNumber;
}

/// <summary>
/// The one place that decides whether the current request may act for an application (status, withdraw, messages,
/// attachment downloads): the signed-in, verified account that owns it, or whoever gives its receipt number with the
/// right access code. The portal tenant must have been entered first; every look-up is tenant-filtered.
/// </summary>
public sealed class ApplicantAccess(AppDbContext db, TenantScope scope, IHttpContextAccessor accessor)
{
    private (bool Loaded, ApplicantAccount? Account) _current;

    /// <summary>The signed-in applicant of the current tenant, verified or not; null when none (or the cookie is stale).</summary>
    public async Task<ApplicantAccount?> CurrentAccountAsync(CancellationToken ct)
    {
        if (_current.Loaded)
        {
            return _current.Account;
        }

        _current = (true, await LoadAsync(ct));
        return _current.Account;
    }

    /// <summary>The signed-in applicant when the address is verified (the only state that may see applications).</summary>
    public async Task<ApplicantAccount?> VerifiedAccountAsync(CancellationToken ct) =>
        await CurrentAccountAsync(ct) is { EmailVerifiedAt: not null } account ? account : null;

    /// <summary>
    /// The signed-in applicant when a configured identity provider (OpenID Connect) vouches for who they are: an
    /// external account (never merged with, nor convertible to, an e-mail/password account). Used by sealPolicy "identity".
    /// </summary>
    public async Task<ApplicantAccount?> IdentityVerifiedAccountAsync(CancellationToken ct) =>
        await CurrentAccountAsync(ct) is { ExternalIssuer: not null, ExternalSubject: not null } account ? account : null;

    /// <summary>
    /// The application with this receipt number if the request may act for it: with an access code, the code must
    /// match (whoever is signed in); without one, the signed-in verified account must own it. Null otherwise, one
    /// answer for "no such receipt" and "not yours".
    /// </summary>
    public async Task<ApplicationAccess?> ForAsync(string? receiptNumber, string? accessCode, CancellationToken ct)
    {
        var receipt = (receiptNumber ?? "").Trim().ToUpperInvariant();
        if (receipt.Length is 0 or > 32 || scope.TenantId is null)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(accessCode))
        {
            var codeHash = Secrets.Sha256Hex(Secrets.NormalizeAccessCode(accessCode));
            var guest = await db.Applications.AsNoTracking().Include(a => a.ProcedureVersion)
                .SingleOrDefaultAsync(a => a.ReceiptNumber == receipt && a.AccessCodeHash == codeHash, ct);
            return guest is null ? null : new ApplicationAccess(guest, null);
        }

        if (await VerifiedAccountAsync(ct) is not { } account)
        {
            return null;
        }

        var owned = await db.Applications.AsNoTracking().Include(a => a.ProcedureVersion)
            .SingleOrDefaultAsync(a => a.ReceiptNumber == receipt && a.ApplicantAccountId == account.Id, ct);
        return owned is null ? null : new ApplicationAccess(owned, account);
    }

    private async Task<ApplicantAccount?> LoadAsync(CancellationToken ct)
    {
        var http = accessor.HttpContext;
        if (http is null || scope.TenantId is not { } tenantId)
        {
            return null;
        }

        var result = await http.AuthenticateAsync(ApplicantAuth.Scheme);
        var principal = result.Succeeded ? result.Principal : null;
        if (principal?.FindFirstValue(ApplicantAuth.TenantClaim) != tenantId.ToString()
            || !Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var accountId))
        {
            return null;
        }

        // Checked against the database on every request: a password reset (new stamp) ends every older session.
        var stamp = principal.FindFirstValue(ApplicantAuth.StampClaim);
        var account = await db.ApplicantAccounts.SingleOrDefaultAsync(a => a.Id == accountId, ct);
        return account is not null && account.SecurityStamp == stamp ? account : null;
    }
}
