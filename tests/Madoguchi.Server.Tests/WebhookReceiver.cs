using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Server.Infrastructure;

namespace Madoguchi.Server.Tests;

/// <summary>
/// A real HTTP receiver on a loopback port (HttpListener) that keeps every request with its headers and answers from
/// a script of responses (status and optional Location), then 200.
/// </summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public WebhookReceiver(string host = "127.0.0.1")
    {
        Port = SmtpListener.FreePort();
        Host = host;
        _listener.Prefixes.Add($"http://{host}:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Host { get; }

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Responses to give, in order; when empty the receiver answers 200 (or <see cref="Fallback"/>).</summary>
    public ConcurrentQueue<(int Status, string? Location)> Script { get; } = new();

    public int Fallback { get; set; } = 200;

    /// <summary>How many of the next requests are answered only after <see cref="Delay"/> (a slow receiver).</summary>
    public int SlowRequests
    {
        get => Math.Max(0, Volatile.Read(ref _slow));
        set => Volatile.Write(ref _slow, value);
    }

    private int _slow;

    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(4);

    public string Url(string path) => $"http://{Host}:{Port}{path}";

    public sealed record Received(string Path, string Method, IReadOnlyDictionary<string, string> Headers, string Body);

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            // Each request on its own task: a slow answer does not hold up the next request.
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!);
        using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
        {
            Requests.Enqueue(new Received(context.Request.Url!.AbsolutePath, context.Request.HttpMethod, headers, await reader.ReadToEndAsync()));
        }

        if (Interlocked.Decrement(ref _slow) >= 0)
        {
            await Task.Delay(Delay);
        }

        var (status, location) = Script.TryDequeue(out var next) ? next : (Fallback, null);
        try
        {
            context.Response.StatusCode = status;
            if (location is not null)
            {
                context.Response.RedirectLocation = location;
            }

            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The sender gave up waiting (the slow case) and closed the connection.
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;

    public void Set(DateTimeOffset at) => _now = at;
}

/// <summary>DNS as the test says: named hosts answer from the table (changeable, for rebinding), others from the real resolver.</summary>
public sealed class StubResolver : HostResolver
{
    public ConcurrentDictionary<string, IPAddress[]> Answers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        Answers.TryGetValue(host, out var answer) ? Task.FromResult(answer) : base.ResolveAsync(host, ct);
}

/// <summary>Runs tests/tools/verify-webhook.js: the standardwebhooks npm package (1.1.1) checks a received request.</summary>
public static class StandardWebhooksVerifier
{
    public static async Task<string> VerifyAsync(string secret, WebhookReceiver.Received request, long receiverNowUnix)
    {
        var tools = Path.Combine(TestProcedures.RepoRoot(), "tests", "tools");
        Assert.True(Directory.Exists(Path.Combine(tools, "node_modules", "standardwebhooks")),
            "The standardwebhooks package is missing: run `npm ci --prefix tests/tools` (test.sh does).");
        var input = new JsonObject
        {
            ["secret"] = secret,
            ["headers"] = new JsonObject
            {
                ["webhook-id"] = request.Headers.GetValueOrDefault("webhook-id"),
                ["webhook-timestamp"] = request.Headers.GetValueOrDefault("webhook-timestamp"),
                ["webhook-signature"] = request.Headers.GetValueOrDefault("webhook-signature"),
            },
            ["body"] = request.Body,
            ["now"] = receiverNowUnix,
        };
        var start = new ProcessStartInfo("node", [Path.Combine(tools, "verify-webhook.js")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = tools,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, "node failed: " + error);
        return output.Trim();
    }
}
