namespace Madoguchi.Server.Features.Webhooks;

/// <summary>Operator settings, section "Madoguchi:Webhooks". See docs/webhooks.md.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Madoguchi:Webhooks";

    /// <summary>Run the delivery worker on this node (the outbox fan-out runs with the notification worker).</summary>
    public bool WorkersEnabled { get; set; } = true;

    public double PollIntervalSeconds { get; set; } = 5;

    /// <summary>Intranet exceptions: host names, IP addresses or CIDR ranges that may be internal and may use http.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Allow plain http for every target (still only public addresses). Off: https is required.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>One attempt waits at most this long for the response.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Delays after each failed attempt (seconds); the last repeats. Default 5 s, 5 min, 30 min, 2 h, 5 h, 10 h.</summary>
    public List<double> RetryScheduleSeconds { get; set; } = [];

    /// <summary>A delivery still failing this long after its first attempt is dead-lettered.</summary>
    public double RetryWindowHours { get; set; } = 24;

    /// <summary>How long a node may hold a delivery it claimed before another may try it.</summary>
    public double ClaimSeconds { get; set; } = 120;

    /// <summary>How long the previous secret keeps signing after a rotation.</summary>
    public double PreviousSecretHours { get; set; } = 24;

    public IReadOnlyList<TimeSpan> Schedule() =>
        RetryScheduleSeconds.Count == 0 ? Madoguchi.Core.Webhooks.WebhookRetry.DefaultSchedule : [.. RetryScheduleSeconds.Select(TimeSpan.FromSeconds)];
}
