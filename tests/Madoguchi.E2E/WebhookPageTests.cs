using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>The admin's Standard Webhooks page: a refused internal URL, creation with the secret shown once, a signed test ping.</summary>
[Collection(E2ECollection.Name)]
public sealed class WebhookPageTests(MadoguchiServer server, ITestOutputHelper output)
{
    [Fact]
    public async Task The_admin_adds_a_webhook_sees_the_secret_once_and_a_signed_test_arrives()
    {
        using var receiver = new Receiver();
        var audit = new AccessibilityTests.Audit(output);
        await using var context = await server.NewContextAsync();
        var page = await context.NewPageAsync();
        await BackOffice.LogInAsync(page, server);

        await page.GotoAsync("/staff/admin/integrations/webhooks");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Webhook 連携（Standard Webhooks）");
        await audit.CheckAsync(page, "ja", "webhooks");

        // An internal address is refused at save with the reason next to the field.
        await page.Locator("#wh2-url").FillAsync("https://10.0.0.8/hook");
        await page.Locator("#wh2-save").ClickAsync();
        await Expect(page.Locator("#wh2-url-error")).ToContainTextAsync("内部のアドレス");
        await Expect(page.Locator("#wh2-url")).ToHaveAttributeAsync("aria-invalid", "true");
        await audit.CheckAsync(page, "ja", "webhooks with a refused URL");

        await page.Locator("#wh2-url").FillAsync(receiver.Url);
        await page.Locator("#wh2-description").FillAsync("基幹系連携");
        await page.Locator("#wh2-save").ClickAsync();
        var secret = (await page.Locator("#webhooks-secret-value").TextContentAsync())!.Trim();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await Expect(page.Locator("table.webhooks")).ToContainTextAsync("基幹系連携");

        await page.GetByRole(AriaRole.Button, new() { Name = "テスト送信" }).ClickAsync();
        await Expect(page.Locator("#webhooks-message")).ToContainTextAsync("テスト送信が届きました");
        await Expect(page.Locator("table.deliveries")).ToContainTextAsync("送信済み");
        await audit.CheckAsync(page, "ja", "webhooks with a delivery log");

        var request = Assert.Single(receiver.Requests);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{request.Id}.{request.Timestamp}.{request.Body}")));
        Assert.Equal(expected, request.Signature);
        Assert.Contains("\"type\":\"webhook.test\"", request.Body, StringComparison.Ordinal);

        // The secret is not shown again after a reload.
        await page.ReloadAsync();
        await Expect(page.Locator("table.webhooks")).ToContainTextAsync("基幹系連携");
        await Expect(page.Locator("#webhooks-secret-value")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        // Removed again, so the other browser tests' applications are not posted to a closed receiver.
        await page.GetByRole(AriaRole.Button, new() { Name = "削除" }).ClickAsync();
        await Expect(page.Locator("#webhooks-message")).ToContainTextAsync("削除しました");
        await Expect(page.Locator("table.webhooks")).ToHaveCountAsync(0);

        audit.AssertNoSeriousViolations();
    }

    private sealed class Receiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;

        public Receiver()
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = $"http://127.0.0.1:{port}/hook";
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Url { get; }

        public ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body)> Requests { get; } = new();

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

                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    var headers = context.Request.Headers;
                    Requests.Enqueue((headers["webhook-id"] ?? "", headers["webhook-timestamp"] ?? "", headers["webhook-signature"] ?? "", await reader.ReadToEndAsync()));
                }

                context.Response.StatusCode = 204;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
