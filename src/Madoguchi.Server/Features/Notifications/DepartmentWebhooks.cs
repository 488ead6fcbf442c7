using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Notifications;

/// <summary>The admin's view of the department webhooks of the current tenant: URLs go in protected and never come back out.</summary>
public sealed class DepartmentWebhooks(AppDbContext db, IDataProtectionProvider protection, IOptionsMonitor<NotificationOptions> options, OutboundGuard guard, TimeProvider clock)
{
    private readonly IDataProtector _protector = protection.CreateProtector(NotificationSender.WebhookProtectorPurpose);

    public Task<List<DepartmentWebhook>> ListAsync(CancellationToken ct) =>
        db.DepartmentWebhooks.AsNoTracking().OrderBy(w => w.Department).ThenBy(w => w.Channel).ToListAsync(ct);

    /// <summary>Adds or replaces the webhook of a department and channel; returns a ja/en problem when the input is refused.</summary>
    public async Task<(bool Ok, string? ProblemJa, string? ProblemEn)> SetAsync(string department, NotificationChannel channel, string url, string actor, CancellationToken ct)
    {
        department = department?.Trim() ?? "";
        if (department.Length is 0 or > 100)
        {
            return (false, "部署コードを100文字以内で入力してください。", "Enter a department code of up to 100 characters.");
        }

        if (channel == NotificationChannel.Email)
        {
            return (false, "Teams か Slack を選んでください。", "Choose Teams or Slack.");
        }

        // The host is resolved now as well as at every connection (see OutboundGuard).
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri)
            || await guard.CheckAsync(uri, WebhookTransport.Allowlist(options.CurrentValue), allowHttp: false, ct) is not null)
        {
            return (false, "Webhook の URL は https で始まる外部のアドレスにしてください。", "The webhook URL must be an external https address.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hook = await db.DepartmentWebhooks.SingleOrDefaultAsync(w => w.Department == department && w.Channel == channel, ct);
        if (hook is null)
        {
            hook = new DepartmentWebhook { Id = Guid.CreateVersion7(), Department = department, Channel = channel, CreatedAt = now };
            db.DepartmentWebhooks.Add(hook);
        }

        hook.UrlProtected = _protector.Protect(uri.AbsoluteUri);
        hook.Host = uri.Host;
        hook.UpdatedAt = now;
        db.AuditRecords.Add(new AuditRecord
        {
            At = now,
            Actor = actor,
            Action = "webhook.set",
            EntityType = "departmentWebhook",
            EntityId = hook.Id.ToString(),
            Details = System.Text.Json.JsonSerializer.Serialize(new { department, channel = channel.ToString(), host = uri.Host }),
        });
        await db.SaveChangesAsync(ct);
        return (true, null, null);
    }

    public async Task<bool> RemoveAsync(Guid id, string actor, CancellationToken ct)
    {
        var hook = await db.DepartmentWebhooks.SingleOrDefaultAsync(w => w.Id == id, ct);
        if (hook is null)
        {
            return false;
        }

        db.DepartmentWebhooks.Remove(hook);
        db.AuditRecords.Add(new AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = actor,
            Action = "webhook.removed",
            EntityType = "departmentWebhook",
            EntityId = hook.Id.ToString(),
            Details = System.Text.Json.JsonSerializer.Serialize(new { department = hook.Department, channel = hook.Channel.ToString() }),
        });
        await db.SaveChangesAsync(ct);
        return true;
    }
}
