using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Madoguchi.Core.Webhooks;

/// <summary>
/// The signing rules of the Standard Webhooks specification (https://www.standardwebhooks.com/): secrets are
/// <c>whsec_</c> + base64 key bytes; the signature is <c>v1,</c> + base64 HMAC-SHA256 over
/// <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>; several signatures (rotation) are separated by spaces.
/// </summary>
public static class StandardWebhooks
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret with 32 random key bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>A new message id (<c>msg_</c> + 26 hex-free base32 characters), stable across retries of one delivery.</summary>
    public static string NewMessageId()
    {
        const string Alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[26];
        for (var i = 0; i < chars.Length; i++)
        {
            // 5 bits per character from the 128 random bits.
            var bit = i * 5;
            var value = 0;
            for (var k = 0; k < 5; k++)
            {
                var b = bit + k;
                value = (value << 1) | (b < 128 ? (bytes[b / 8] >> (7 - (b % 8))) & 1 : 0);
            }

            chars[i] = Alphabet[value];
        }

        return "msg_" + new string(chars);
    }

    public static byte[] KeyOf(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        return Convert.FromBase64String(encoded);
    }

    /// <summary>One <c>v1,…</c> signature.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(body);
        var content = Encoding.UTF8.GetBytes(messageId + "." + timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), content));
    }

    /// <summary>The webhook-signature header: one signature per active secret, space-separated, current first.</summary>
    public static string SignatureHeader(IEnumerable<string> secrets, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return string.Join(' ', secrets.Select(s => Sign(s, messageId, timestamp, body)));
    }

    /// <summary>Checks a header against a secret (used by the tests' own receiver and by operators' tooling).</summary>
    public static bool Verify(string secret, string messageId, long timestamp, string body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        var expected = Encoding.ASCII.GetBytes(Sign(secret, messageId, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }
}

/// <summary>When a failed delivery is tried again: a fixed schedule with ±20 % jitter, within a window from the first attempt.</summary>
public static class WebhookRetry
{
    /// <summary>5 s, 5 min, 30 min, 2 h, 5 h, 10 h, then every 10 h (the window ends it first).</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultSchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10),
    ];

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1-based); <paramref name="unit"/> in [0, 1) picks the jitter.</summary>
    public static TimeSpan Delay(int attempt, IReadOnlyList<TimeSpan> schedule, double unit)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Count == 0)
        {
            throw new ArgumentException("The schedule is empty.", nameof(schedule));
        }

        var baseDelay = schedule[Math.Clamp(attempt - 1, 0, schedule.Count - 1)];
        return TimeSpan.FromTicks((long)(baseDelay.Ticks * (0.8 + (0.4 * Math.Clamp(unit, 0, 1)))));
    }

    /// <summary>Whether a next attempt at <paramref name="next"/> still falls inside the window that began at <paramref name="windowStart"/>.</summary>
    public static bool WithinWindow(DateTime windowStart, DateTime next, TimeSpan window) => next - windowStart <= window;
}
