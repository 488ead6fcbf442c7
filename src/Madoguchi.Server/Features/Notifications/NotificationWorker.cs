using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Notifications;

/// <summary>
/// The background loop of one node: outbox → notifications, due notifications → SMTP/webhooks, and the daily
/// reminders. Every step is safe with several nodes running it (see each class), and a failed pass loses nothing.
/// </summary>
public sealed class NotificationWorker(
    OutboxDispatcher dispatcher,
    NotificationSender sender,
    StaffReminders reminders,
    IOptionsMonitor<NotificationOptions> options,
    TimeProvider clock,
    ILogger<NotificationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.WorkersEnabled)
        {
            return;
        }

        var interval = TimeSpan.FromSeconds(Math.Max(0.05, options.CurrentValue.PollIntervalSeconds));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Notification pass failed; the next one tries again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass of every step (the operator command and tests call this directly).</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        await dispatcher.DispatchAsync(ct);
        await reminders.RunIfDueAsync(ct);
        await sender.SendDueAsync(ct);
    }
}

public static class NotificationExtensions
{
    public static void AddNotifications(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<NotificationOptions>(builder.Configuration.GetSection(NotificationOptions.Section));
        builder.Services.AddSingleton<NotificationRecipients>();
        builder.Services.AddScoped<NotificationPlanner>();
        builder.Services.AddSingleton<OutboxDispatcher>();
        builder.Services.AddSingleton<EmailTransport>();
        builder.Services.AddSingleton<WebhookTransport>();
        builder.Services.AddSingleton<NotificationSender>();
        builder.Services.AddSingleton<StaffReminders>();
        builder.Services.AddSingleton<NotificationWorker>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationWorker>());
        builder.Services.AddScoped<DepartmentWebhooks>();
    }
}
