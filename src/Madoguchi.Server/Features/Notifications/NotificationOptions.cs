namespace Madoguchi.Server.Features.Notifications;

/// <summary>Operator settings, section "Madoguchi:Notifications". See docs/notifications.md.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Madoguchi:Notifications";

    /// <summary>Run the outbox dispatcher, the sender and the reminder schedule on this node.</summary>
    public bool WorkersEnabled { get; set; } = true;

    /// <summary>How often the workers look for new outbox events and due notifications.</summary>
    public double PollIntervalSeconds { get; set; } = 5;

    /// <summary>The public address of this installation (https://…), used for links in messages; empty = paths only.</summary>
    public string PublicBaseUrl { get; set; } = "";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The first retry waits this long; each further retry twice as long (with ±20 % jitter) up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryInitialSeconds { get; set; } = 60;

    public double RetryMaxSeconds { get; set; } = 3600;

    /// <summary>After this long without success a notification is marked failed (staff may retry it by hand).</summary>
    public double RetryWindowHours { get; set; } = 24;

    /// <summary>How long one sender may hold a notification it claimed before another node may try it again.</summary>
    public double ClaimSeconds { get; set; } = 120;

    /// <summary>
    /// Webhook hosts that may resolve to loopback, private or link-local addresses, and may use http (an operator's
    /// own relay). Every other target must be https and public.
    /// </summary>
    public List<string> WebhookAllowedHosts { get; set; } = [];

    /// <summary>When the daily reminders go out, Japan time (HH:mm).</summary>
    public string ReminderTime { get; set; } = "08:30";

    /// <summary>Whether the daily reminders run on this node's schedule (the operator command works either way).</summary>
    public bool RemindersEnabled { get; set; } = true;
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

public sealed class SmtpOptions
{
    /// <summary>Empty = no email is sent: notifications are marked skipped with the reason.</summary>
    public string Host { get; set; } = "";

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Optional; keep the password in a secret store or environment variable, never in the repository.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }

    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "";

    public double TimeoutSeconds { get; set; } = 30;
}
