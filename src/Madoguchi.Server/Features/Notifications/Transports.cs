using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Madoguchi.Server.Features.Notifications;

public enum DeliveryOutcome
{
    Sent,

    /// <summary>A passing failure (server down, 4xx): try again later.</summary>
    Retry,

    /// <summary>A final refusal (5xx, bad address, refused target): do not try again.</summary>
    Fail,

    /// <summary>Nothing to deliver with (no SMTP configured, webhook removed): recorded with the reason.</summary>
    Skip,
}

/// <summary>What an attempt came to; <see cref="Error"/> never holds an address or a body.</summary>
public sealed record DeliveryResult(DeliveryOutcome Outcome, string? Error = null)
{
    public static readonly DeliveryResult Sent = new(DeliveryOutcome.Sent);
}

/// <summary>Email over SMTP with MailKit: one recipient per message (To and the envelope), plain UTF-8 text.</summary>
public sealed class EmailTransport(IOptionsMonitor<NotificationOptions> options)
{
    public const string NotConfigured = "SMTP が設定されていません（Madoguchi:Notifications:Smtp:Host）。 / SMTP is not configured (Madoguchi:Notifications:Smtp:Host).";

    public async Task<DeliveryResult> SendAsync(Notification notification, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var smtp = options.CurrentValue.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host) || string.IsNullOrWhiteSpace(smtp.FromAddress))
        {
            return new DeliveryResult(DeliveryOutcome.Skip, NotConfigured);
        }

        if (!MailboxAddress.TryParse(notification.Recipient, out var to) || to.Address.Contains(',', StringComparison.Ordinal))
        {
            return new DeliveryResult(DeliveryOutcome.Fail, "宛先のメールアドレスが正しくありません。 / The recipient address is not valid.");
        }

        var from = new MailboxAddress(smtp.FromName, smtp.FromAddress);
        using var message = Build(notification, from, to);
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(smtp.TimeoutSeconds).TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            }, ct);
            if (!string.IsNullOrEmpty(smtp.UserName))
            {
                await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
            }

            // The envelope names exactly one recipient, whatever the headers say.
            await client.SendAsync(message, from, [to], ct);
            await client.DisconnectAsync(true, ct);
            return DeliveryResult.Sent;
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            var text = $"SMTP {code} ({ex.ErrorCode})";
            return new DeliveryResult(code >= 500 ? DeliveryOutcome.Fail : DeliveryOutcome.Retry, text);
        }
        catch (AuthenticationException)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, "SMTP の認証に失敗しました。 / SMTP authentication failed.");
        }
        catch (SocketException ex)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, $"SMTP サーバーに接続できません。 / Cannot connect to the SMTP server ({ex.SocketErrorCode}).");
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or ServiceNotConnectedException or SslHandshakeException or TimeoutException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, $"SMTP: {ex.GetType().Name}");
        }
    }

    internal static MimeMessage Build(Notification notification, MailboxAddress from, MailboxAddress to)
    {
        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = notification.Subject;

        // Stable per notification, so a retry after an unseen success is recognisable as the same message.
        var domain = from.Domain is { Length: > 0 } d ? d : "madoguchi.invalid";
        message.MessageId = $"n{notification.Id}.{notification.TenantId:N}@{domain}";
        message.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new TextPart(MimeKit.Text.TextFormat.Plain);
        body.SetText(Encoding.UTF8, notification.Body);
        message.Body = body;
        return message;
    }
}

/// <summary>
/// Teams and Slack incoming webhooks. Targets must be https and resolve to public addresses; the address is checked
/// at connect time (no second DNS answer can swap in an internal host). Hosts the operator allowlists are exempt.
/// </summary>
public sealed class WebhookTransport(IOptionsMonitor<NotificationOptions> options, OutboundGuard guard) : IDisposable
{
    private readonly Lazy<HttpClient> _client = new(() => CreateClient(options, guard));

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task<DeliveryResult> PostAsync(NotificationChannel channel, Uri target, string subject, string body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (Refusal(target, options.CurrentValue) is { } refused)
        {
            return new DeliveryResult(DeliveryOutcome.Fail, refused);
        }

        using var content = new StringContent(JsonSerializer.Serialize(Payload(channel, subject, body), Json), Encoding.UTF8, "application/json");
        try
        {
            using var response = await _client.Value.PostAsync(target, content, ct);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Sent;
            }

            var permanent = status is >= 400 and < 500 and not 408 and not 429;
            return new DeliveryResult(permanent ? DeliveryOutcome.Fail : DeliveryOutcome.Retry, $"HTTP {status}");
        }
        catch (HttpRequestException ex) when (OutboundGuard.IsRefusal(ex))
        {
            return new DeliveryResult(DeliveryOutcome.Fail, PrivateRefusal);
        }
        catch (HttpRequestException ex)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, $"HTTP: {ex.HttpRequestError}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new DeliveryResult(DeliveryOutcome.Retry, "HTTP: timeout");
        }
    }

    /// <summary>The body each service's incoming webhook expects: Slack's "text", Teams' MessageCard.</summary>
    public static object Payload(NotificationChannel channel, string subject, string body) => channel switch
    {
        NotificationChannel.Slack => new Dictionary<string, object> { ["text"] = $"*{subject}*\n{body}" },
        _ => new Dictionary<string, object>
        {
            ["@type"] = "MessageCard",
            ["@context"] = "https://schema.org/extensions",
            ["summary"] = subject,
            ["title"] = subject,
            ["text"] = body.Replace("\n", "\n\n", StringComparison.Ordinal),
        },
    };

    public static readonly string PrivateRefusal = OutboundRefusal.Internal.Both;

    /// <summary>Why a URL may not be used as a webhook target, before any connection; null when it may (see <see cref="OutboundGuard"/>).</summary>
    public static string? Refusal(Uri target, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        return OutboundGuard.CheckUrl(target, Allowlist(options), allowHttp: false)?.Both;
    }

    public static OutboundAllowlist Allowlist(NotificationOptions options) => new(options?.WebhookAllowedHosts ?? []);

    private static HttpClient CreateClient(IOptionsMonitor<NotificationOptions> options, OutboundGuard guard) =>
        new(guard.CreateHandler(() => Allowlist(options.CurrentValue), TimeSpan.FromSeconds(10))) { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
