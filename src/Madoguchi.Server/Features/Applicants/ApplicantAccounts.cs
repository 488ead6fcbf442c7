using System.Net.Mail;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Applicants;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
}

/// <summary>
/// Applicant accounts of the current tenant: registration, e-mail verification, password sign-in with lockout, password
/// reset, and accounts for external (OpenID Connect) identities. Link tokens are single-use, expire, and are stored
/// only as SHA-256; the raw token travels once, in the outbox message the notification worker mails.
/// </summary>
public sealed class ApplicantAccounts(AppDbContext db, TimeProvider clock, IHttpContextAccessor accessor, IOptions<MadoguchiOptions> options, ILogger<ApplicantAccounts> logger)
{
    public const int MinPasswordLength = 10;
    public const int MaxPasswordLength = 256;
    public const int MaxFailedSignIns = 5;
    public static readonly TimeSpan LockoutTime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan VerifyTokenLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan ResetTokenLifetime = TimeSpan.FromHours(1);

    private static readonly PasswordHasher<ApplicantAccount> Hasher = new();

    // Verified against when the e-mail is unknown, so both answers take the time of one hash check.
    private static readonly string DummyHash = Hasher.HashPassword(new ApplicantAccount(), "not a password of anyone");

    public static string? NormalizeEmail(string? email)
    {
        var trimmed = (email ?? "").Trim();
        if (trimmed.Length is 0 or > 256 || trimmed.Any(char.IsWhiteSpace) || !MailAddress.TryCreate(trimmed, out var parsed) || parsed.Address != trimmed)
        {
            return null;
        }

        return trimmed.Normalize(NormalizationForm.FormKC).ToUpperInvariant();
    }

    /// <summary>
    /// Creates an unverified account and queues its verification mail. An address that already has an account gets
    /// nothing new and the caller answers exactly as for a new one, so registration cannot tell who has an account.
    /// </summary>
    public async Task RegisterAsync(string tenantSlug, string email, string password, string language, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email) ?? throw new ArgumentException("Invalid e-mail.", nameof(email));

        // Hash first, whether or not the address is taken: the answer's timing must not tell either.
        var hash = Hasher.HashPassword(new ApplicantAccount(), password);
        if (await db.ApplicantAccounts.AnyAsync(a => a.NormalizedEmail == normalized, ct))
        {
            logger.LogInformation("Registration for an existing applicant address ignored");
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var account = new ApplicantAccount
        {
            Id = Guid.CreateVersion7(),
            Email = email.Trim(),
            NormalizedEmail = normalized,
            SecurityStamp = Secrets.NewToken(),
            Language = language == "en" ? "en" : "ja",
            CreatedAt = now,
        };
        account.PasswordHash = hash;
        db.ApplicantAccounts.Add(account);
        Audit(account.Id, "applicant.registered", now);
        IssueToken(account, ApplicantTokenPurpose.VerifyEmail, tenantSlug, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same address registered concurrently: the unique index kept one; answer as usual.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>A fresh verification link for an unverified account with this address; nothing (and the same answer) otherwise.</summary>
    public async Task ResendVerificationAsync(string tenantSlug, string email, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var account = normalized is null ? null : await db.ApplicantAccounts.SingleOrDefaultAsync(a => a.NormalizedEmail == normalized, ct);
        if (account is null || account.EmailVerifiedAt is not null)
        {
            return;
        }

        IssueToken(account, ApplicantTokenPurpose.VerifyEmail, tenantSlug, clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A reset link for an account with this address and a password; nothing (and the same answer) otherwise.</summary>
    public async Task RequestPasswordResetAsync(string tenantSlug, string email, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var account = normalized is null ? null : await db.ApplicantAccounts.SingleOrDefaultAsync(a => a.NormalizedEmail == normalized, ct);
        if (account is null)
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Audit(account.Id, "applicant.passwordResetRequested", now);
        IssueToken(account, ApplicantTokenPurpose.ResetPassword, tenantSlug, now);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Marks the address verified; false when the token is unknown, used or expired.</summary>
    public async Task<bool> VerifyEmailAsync(string token, CancellationToken ct)
    {
        var (row, account) = await UseTokenAsync(token, ApplicantTokenPurpose.VerifyEmail, ct);
        if (row is null || account is null)
        {
            return false;
        }

        account.EmailVerifiedAt ??= row.UsedAt;
        Audit(account.Id, "applicant.emailVerified", row.UsedAt!.Value);
        return await SaveSingleUseAsync(ct);
    }

    /// <summary>Whether a reset token can still be used (for showing the form), without using it.</summary>
    public async Task<bool> IsResetTokenValidAsync(string token, CancellationToken ct)
    {
        var hash = Secrets.Sha256Hex(token ?? "");
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.ApplicantTokens.AnyAsync(t => t.TokenHash == hash && t.Purpose == ApplicantTokenPurpose.ResetPassword && t.UsedAt == null && t.ExpiresAt > now, ct);
    }

    /// <summary>
    /// Sets a new password; false when the token is unknown, used or expired. The security stamp changes (older
    /// cookies die), the lockout clears, and the address counts as verified: the link reached it.
    /// </summary>
    public async Task<bool> ResetPasswordAsync(string token, string password, CancellationToken ct)
    {
        var (row, account) = await UseTokenAsync(token, ApplicantTokenPurpose.ResetPassword, ct);
        if (row is null || account is null)
        {
            return false;
        }

        account.PasswordHash = Hasher.HashPassword(account, password);
        account.SecurityStamp = Secrets.NewToken();
        account.FailedSignIns = 0;
        account.LockoutEnd = null;
        account.EmailVerifiedAt ??= row.UsedAt;
        Audit(account.Id, "applicant.passwordReset", row.UsedAt!.Value);
        return await SaveSingleUseAsync(ct);
    }

    public async Task<(SignInOutcome Outcome, ApplicantAccount? Account)> CheckPasswordAsync(string email, string password, CancellationToken ct)
    {
        var normalized = NormalizeEmail(email);
        var account = normalized is null ? null : await db.ApplicantAccounts.SingleOrDefaultAsync(a => a.NormalizedEmail == normalized, ct);
        if (account?.PasswordHash is null)
        {
            Hasher.VerifyHashedPassword(new ApplicantAccount(), DummyHash, password);
            return (SignInOutcome.Failed, null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (account.LockoutEnd is { } end && end > now)
        {
            Audit(account.Id, "applicant.signInLockedOut", now);
            await db.SaveChangesAsync(ct);
            return (SignInOutcome.LockedOut, null);
        }

        var result = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            account.FailedSignIns++;
            var locked = account.FailedSignIns >= MaxFailedSignIns;
            if (locked)
            {
                account.LockoutEnd = now + LockoutTime;
                account.FailedSignIns = 0;
            }

            Audit(account.Id, locked ? "applicant.lockedOut" : "applicant.signInFailed", now);
            await db.SaveChangesAsync(ct);
            return (locked ? SignInOutcome.LockedOut : SignInOutcome.Failed, null);
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = Hasher.HashPassword(account, password);
        }

        account.FailedSignIns = 0;
        account.LockoutEnd = null;
        Audit(account.Id, "applicant.signedIn", now);
        await db.SaveChangesAsync(ct);
        return (SignInOutcome.Succeeded, account);
    }

    /// <summary>
    /// The account of an external identity (issuer + subject), created on first sign-in. The address from the
    /// id_token is kept for mail and counts as verified only when the provider says <c>email_verified</c>. External
    /// accounts have no password and are never merged with a password account of the same address.
    /// </summary>
    public async Task<ApplicantAccount> FindOrCreateExternalAsync(string issuer, string subject, string? email, bool emailVerified, string language, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.ApplicantAccounts.SingleOrDefaultAsync(a => a.ExternalIssuer == issuer && a.ExternalSubject == subject, ct);
        var usable = email is { Length: > 0 and <= 256 } && NormalizeEmail(email) is not null;
        if (account is null)
        {
            account = new ApplicantAccount
            {
                Id = Guid.CreateVersion7(),
                ExternalIssuer = issuer,
                ExternalSubject = subject,
                SecurityStamp = Secrets.NewToken(),
                Language = language == "en" ? "en" : "ja",
                CreatedAt = now,
            };
            db.ApplicantAccounts.Add(account);
            Audit(account.Id, "applicant.registeredExternal", now);
        }

        if (usable)
        {
            account.Email = email!.Trim();
            account.EmailVerifiedAt = emailVerified ? account.EmailVerifiedAt ?? now : null;
        }

        Audit(account.Id, "applicant.signedInExternal", now);
        await db.SaveChangesAsync(ct);
        return account;
    }

    public async Task SignInAsync(HttpContext http, ApplicantAccount account)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(account);
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id.ToString()),
            new Claim(ApplicantAuth.TenantClaim, account.TenantId.ToString()),
            new Claim(ApplicantAuth.StampClaim, account.SecurityStamp),
        ], ApplicantAuth.Scheme);
        await http.SignInAsync(ApplicantAuth.Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>Where links in mails point: the configured public address, else this request's own scheme and host.</summary>
    public string PublicBase()
    {
        if (options.Value.PublicBaseUrl is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        var request = accessor.HttpContext?.Request ?? throw new InvalidOperationException("No request to take the public address from.");
        return $"{request.Scheme}://{request.Host}";
    }

    private void IssueToken(ApplicantAccount account, ApplicantTokenPurpose purpose, string tenantSlug, DateTime now)
    {
        var token = Secrets.NewToken();
        db.ApplicantTokens.Add(new ApplicantToken
        {
            Id = Guid.CreateVersion7(),
            AccountId = account.Id,
            Purpose = purpose,
            TokenHash = Secrets.Sha256Hex(token),
            CreatedAt = now,
            ExpiresAt = now + (purpose == ApplicantTokenPurpose.VerifyEmail ? VerifyTokenLifetime : ResetTokenLifetime),
        });
        var (type, path) = purpose == ApplicantTokenPurpose.VerifyEmail
            ? ("account.verify_email", "verify")
            : ("account.password_reset", "reset");
        db.OutboxMessages.Add(new OutboxMessage
        {
            Type = type,
            CreatedAt = now,
            PayloadJson = JsonSerializer.Serialize(new
            {
                accountId = account.Id,
                email = account.Email,
                language = account.Language,
                url = $"{PublicBase()}/p/{Uri.EscapeDataString(tenantSlug)}/account/{path}?token={token}",
            }),
        });
    }

    private async Task<(ApplicantToken? Row, ApplicantAccount? Account)> UseTokenAsync(string token, ApplicantTokenPurpose purpose, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return (null, null);
        }

        var hash = Secrets.Sha256Hex(token);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.ApplicantTokens.SingleOrDefaultAsync(t => t.TokenHash == hash && t.Purpose == purpose, ct);
        if (row is null || row.UsedAt is not null || row.ExpiresAt <= now)
        {
            return (null, null);
        }

        row.UsedAt = now;
        var account = await db.ApplicantAccounts.SingleOrDefaultAsync(a => a.Id == row.AccountId, ct);
        return (row, account);
    }

    /// <summary>Commits the use of a token; a concurrent use of the same token loses on the UsedAt concurrency check.</summary>
    private async Task<bool> SaveSingleUseAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private void Audit(Guid accountId, string action, DateTime at) =>
        db.AuditRecords.Add(new AuditRecord
        {
            At = at,
            Actor = "applicant:" + accountId,
            Action = action,
            EntityType = "applicant",
            EntityId = accountId.ToString(),
        });
}
