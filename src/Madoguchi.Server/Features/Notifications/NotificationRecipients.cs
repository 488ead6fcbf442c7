using System.Text.Json;
using Madoguchi.Core.Japanese;
using Madoguchi.Core.Procedures;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Notifications;

/// <summary>
/// Who an applicant notification goes to. One place, so that further sources (the applicant account's address)
/// can be added without touching the dispatcher.
/// </summary>
public sealed class NotificationRecipients
{
    /// <summary>
    /// The applicant's address: the verified address of the account that owns the application, else the answer to the
    /// procedure's <c>applicantEmailField</c>; null when there is none.
    /// </summary>
    public async Task<string?> ApplicantEmailAsync(AppDbContext db, ProcedureDefinition definition, Application application, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(application);
        if (application.ApplicantAccountId is { } accountId)
        {
            var account = await db.ApplicantAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == accountId && a.EmailVerifiedAt != null, cancellationToken);
            if (account is { Email.Length: > 0 } && EmailAddress.IsValid(account.Email))
            {
                return account.Email;
            }
        }

        return ApplicantEmail(definition, application);
    }

    /// <summary>The applicant's address: the answer to the procedure's <c>applicantEmailField</c>; null when there is none.</summary>
    public string? ApplicantEmail(ProcedureDefinition definition, Application application)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(application);
        if (definition.ApplicantEmailField is not { Length: > 0 } fieldId)
        {
            return null;
        }

        using var answers = JsonDocument.Parse(application.AnswersJson);
        if (answers.RootElement.ValueKind != JsonValueKind.Object
            || !answers.RootElement.TryGetProperty(fieldId, out var value)
            || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var address = value.GetString()!.Trim();
        return EmailAddress.IsValid(address) ? address : null;
    }
}
