using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Madoguchi.Core.Webhooks;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Notifications;
using Madoguchi.Server.Features.Webhooks;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>
/// Standard Webhooks end to end on both databases: outbox → deliveries → a real loopback receiver, signatures checked
/// by the standardwebhooks npm package, retries and dead letter on a clock the test moves, and the SSRF guard.
/// Loopback is allowlisted (by the literal host 127.0.0.1 only) in these tests' configuration.
/// </summary>
public sealed class WebhookTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static readonly string[] ReceivedOnly = ["application.received"];
    private static readonly string[] DecidedOnly = ["application.decided"];
    private static readonly string[] Eaten = ["application.eaten"];
    private static readonly string[] DecidedAndMessage = ["application.decided", "application.message"];

    private sealed record Harness(MadoguchiFactory Factory, ManualClock Clock, StubResolver Dns, TestTenant Tenant) : IAsyncDisposable
    {
        public long NowUnix => Clock.GetUtcNow().ToUnixTimeSeconds();

        public Task<int> DispatchAsync() => Factory.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(CancellationToken.None);

        public Task<int> SendAsync() => Factory.Services.GetRequiredService<WebhookSender>().SendDueAsync(CancellationToken.None);

        public async Task<List<WebhookDelivery>> DeliveriesAsync()
        {
            using var scope = Factory.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(Tenant.Id);
            return await scope.ServiceProvider.GetRequiredService<AppDbContext>().WebhookDeliveries.AsNoTracking().OrderBy(d => d.CreatedAt).ThenBy(d => d.Id).ToListAsync();
        }

        public async Task<(Guid Id, string Secret)> SubscribeAsync(string url, object? extra = null)
        {
            var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject();
            body["url"] = url;
            body["events"] ??= new JsonArray(WebhookEvents.All.Select(e => (JsonNode)e!).ToArray());
            using var response = await Tenant.Api.PostAsJsonAsync("/api/v1/webhooks", body);
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            var json = await ReadJsonAsync(response);
            return (json["webhook"]!["id"]!.GetValue<Guid>(), (string)json["secret"]!);
        }

        public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
    }

    private static async Task<Harness> StartAsync(string provider, bool allowLoopback = true, IReadOnlyDictionary<string, string?>? more = null)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var dns = new StubResolver();
        var settings = new Dictionary<string, string?>
        {
            ["Madoguchi:Notifications:WorkersEnabled"] = "false",
            ["Madoguchi:Webhooks:WorkersEnabled"] = "false",
            ["Madoguchi:Webhooks:AllowHttp"] = "true",
        };
        if (allowLoopback)
        {
            settings["Madoguchi:Webhooks:AllowedHosts:0"] = "127.0.0.1";
        }

        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = await MadoguchiFactory.StartAsync(provider, settings, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<HostResolver>(dns);
        });
        var tenant = await factory.CreateTenantAsync();
        return new Harness(factory, clock, dns, tenant);
    }

    private static async Task<(Guid Id, string Receipt)> SubmitOneAsync(TestTenant tenant)
    {
        using var created = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = await ReadJsonAsync(created);
        return (json["id"]!.GetValue<Guid>(), (string)json["receiptNumber"]!);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task An_event_is_delivered_once_with_standard_headers_and_a_signature_the_npm_package_accepts(string provider)
    {
        using var receiver = new WebhookReceiver();
        await using var h = await StartAsync(provider);
        await PublishAllTypesAsync(h.Tenant);
        var (_, secret) = await h.SubscribeAsync(receiver.Url("/hooks/madoguchi"));
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.Equal(32, StandardWebhooks.KeyOf(secret).Length);

        var (applicationId, receipt) = await SubmitOneAsync(h.Tenant);
        await h.DispatchAsync();

        // The outbox step run again for the same event (an operator re-opening it, a dispatcher retry) adds nothing.
        using (var scope = h.Factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            await db.OutboxMessages.IgnoreQueryFilters().Where(o => o.TenantId == h.Tenant.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.ProcessedAt, (DateTime?)null));
        }

        await h.DispatchAsync();
        var pending = Assert.Single(await h.DeliveriesAsync());
        Assert.Equal(WebhookEvents.Received, pending.EventType);

        Assert.Equal(1, await h.SendAsync());
        Assert.Equal(0, await h.SendAsync()); // delivered: nothing is due any more

        var request = Assert.Single(receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/hooks/madoguchi", request.Path);
        Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);
        Assert.StartsWith("Madoguchi-Webhooks/", request.Headers["user-agent"], StringComparison.Ordinal);
        Assert.Equal(pending.MessageId, request.Headers["webhook-id"]);
        Assert.StartsWith("msg_", request.Headers["webhook-id"], StringComparison.Ordinal);
        Assert.Equal(h.NowUnix.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["webhook-timestamp"]);
        Assert.Matches("^v1,[A-Za-z0-9+/]+=*$", request.Headers["webhook-signature"]);

        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("application.received", (string?)body["type"]);
        Assert.Equal(receipt, (string?)body["data"]!["receiptNumber"]);
        Assert.Equal(applicationId, body["data"]!["applicationId"]!.GetValue<Guid>());
        Assert.Equal(AllTypesSlug, (string?)body["data"]!["procedure"]);
        Assert.Equal(h.Tenant.Slug, (string?)body["data"]!["tenant"]);
        Assert.Equal("received", (string?)body["data"]!["status"]);
        Assert.Null(body["data"]!["answers"]); // personal data only when the subscription asks for it

        Assert.Equal("ok", await StandardWebhooksVerifier.VerifyAsync(secret, request, h.NowUnix));
        Assert.StartsWith("fail", await StandardWebhooksVerifier.VerifyAsync(StandardWebhooks.NewSecret(), request, h.NowUnix), StringComparison.Ordinal);
        var tampered = request with { Body = request.Body.Replace(receipt, "XXXX-XXXX-X", StringComparison.Ordinal) };
        Assert.StartsWith("fail", await StandardWebhooksVerifier.VerifyAsync(secret, tampered, h.NowUnix), StringComparison.Ordinal);

        var delivered = Assert.Single(await h.DeliveriesAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, delivered.Status);
        Assert.Equal(200, delivered.LastStatusCode);
        Assert.Equal(1, delivered.Attempts);
        Assert.NotNull(delivered.DeliveredAt);

        // The secret is stored protected, never as itself.
        using (var scope = h.Factory.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().WebhookSubscriptions.IgnoreQueryFilters().AsNoTracking().SingleAsync(s => s.TenantId == h.Tenant.Id);
            Assert.DoesNotContain(secret[6..], stored.SecretProtected, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task During_rotation_both_secrets_sign_and_the_old_one_stops_after_it_expires(string provider)
    {
        using var receiver = new WebhookReceiver();
        await using var h = await StartAsync(provider);
        var (id, oldSecret) = await h.SubscribeAsync(receiver.Url("/r"));

        using var rotate = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{id}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var rotated = await ReadJsonAsync(rotate);
        var newSecret = (string)rotated["secret"]!;
        Assert.NotEqual(oldSecret, newSecret);
        Assert.NotNull(rotated["webhook"]!["previousSecretExpiresAt"]);

        using (var ping = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{id}/test", null))
        {
            var delivery = await ReadJsonAsync(ping);
            Assert.Equal("delivered", (string?)delivery["status"]);
        }

        var during = Assert.Single(receiver.Requests);
        Assert.Equal(2, during.Headers["webhook-signature"].Split(' ').Length);
        Assert.Equal("webhook.test", (string?)JsonNode.Parse(during.Body)!["type"]);
        Assert.Equal("ok", await StandardWebhooksVerifier.VerifyAsync(oldSecret, during, h.NowUnix));
        Assert.Equal("ok", await StandardWebhooksVerifier.VerifyAsync(newSecret, during, h.NowUnix));

        h.Clock.Advance(TimeSpan.FromHours(25));
        using (var ping = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{id}/test", null))
        {
            Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        }

        Assert.Equal(2, receiver.Requests.Count);
        var after = receiver.Requests.Last();
        Assert.Single(after.Headers["webhook-signature"].Split(' '));
        Assert.Equal("ok", await StandardWebhooksVerifier.VerifyAsync(newSecret, after, h.NowUnix));
        Assert.StartsWith("fail", await StandardWebhooksVerifier.VerifyAsync(oldSecret, after, h.NowUnix), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_500_is_retried_with_backoff_under_the_same_webhook_id_until_it_succeeds(string provider)
    {
        using var receiver = new WebhookReceiver();
        receiver.Script.Enqueue((500, null));
        receiver.Script.Enqueue((500, null));
        await using var h = await StartAsync(provider);
        await PublishAllTypesAsync(h.Tenant);
        var (_, secret) = await h.SubscribeAsync(receiver.Url("/retry"), new { events = ReceivedOnly });
        await SubmitOneAsync(h.Tenant);
        await h.DispatchAsync();

        var start = h.Clock.GetUtcNow().UtcDateTime;
        Assert.Equal(1, await h.SendAsync());
        var first = Assert.Single(await h.DeliveriesAsync());
        Assert.Equal(WebhookDeliveryStatus.Pending, first.Status);
        Assert.Equal(500, first.LastStatusCode);
        Assert.InRange(first.NextAttemptAt - start, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(6)); // 5 s ± 20 %

        Assert.Equal(0, await h.SendAsync()); // not due yet
        h.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await h.SendAsync());
        var second = Assert.Single(await h.DeliveriesAsync());
        Assert.Equal(WebhookDeliveryStatus.Pending, second.Status);
        Assert.InRange(second.NextAttemptAt - h.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(6)); // 5 min ± 20 %

        h.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(1, await h.SendAsync());
        var done = Assert.Single(await h.DeliveriesAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, done.Status);
        Assert.Equal(3, done.Attempts);
        var log = JsonNode.Parse(done.AttemptLog)!.AsArray();
        Assert.Equal([500, 500, 200], log.Select(e => (int)e!["status"]!));

        Assert.Equal(3, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.Single(receiver.Requests.Select(r => r.Body).Distinct());
        Assert.Equal("ok", await StandardWebhooksVerifier.VerifyAsync(secret, receiver.Requests.Last(), h.NowUnix));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_receiver_that_keeps_failing_is_dead_lettered_after_24_hours_and_can_be_resent_by_hand(string provider)
    {
        using var receiver = new WebhookReceiver { Fallback = 503 };
        await using var h = await StartAsync(provider);
        await PublishAllTypesAsync(h.Tenant);
        var (id, secret) = await h.SubscribeAsync(receiver.Url("/down"));
        await SubmitOneAsync(h.Tenant);
        await h.DispatchAsync();

        var first = h.Clock.GetUtcNow();
        WebhookDelivery delivery;
        var passes = 0;
        while (true)
        {
            Assert.Equal(1, await h.SendAsync());
            delivery = Assert.Single(await h.DeliveriesAsync());
            if (delivery.Status != WebhookDeliveryStatus.Pending || ++passes > 20)
            {
                break;
            }

            h.Clock.Set(new DateTimeOffset(delivery.NextAttemptAt, TimeSpan.Zero));
        }

        Assert.Equal(WebhookDeliveryStatus.Dead, delivery.Status);
        Assert.InRange(delivery.Attempts, 7, 8); // 5 s, 5 min, 30 min, 2 h, 5 h, 10 h (± 20 %) fit in 24 h
        Assert.True(h.Clock.GetUtcNow() - first <= TimeSpan.FromHours(24));
        Assert.Equal(503, delivery.LastStatusCode);
        Assert.Equal(delivery.Attempts, receiver.Requests.Count);
        h.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await h.SendAsync()); // dead stays dead

        // The log over the API, then a manual resend with the same webhook-id.
        var deliveries = await h.Tenant.Api.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/{id}/deliveries");
        var row = Assert.Single(deliveries!)!;
        Assert.Equal("dead", (string?)row["status"]);
        Assert.Equal(delivery.Attempts, row["log"]!.AsArray().Count);
        Assert.All(row["log"]!.AsArray(), e => Assert.Equal(503, (int)e!["status"]!));

        receiver.Fallback = 200;
        using (var resend = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{id}/deliveries/{delivery.Id}/resend", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resend.StatusCode);
        }

        Assert.Equal(1, await h.SendAsync());
        var resent = Assert.Single(await h.DeliveriesAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, resent.Status);
        Assert.Equal(delivery.MessageId, receiver.Requests.Last().Headers["webhook-id"]);
        Assert.Equal("ok", await StandardWebhooksVerifier.VerifyAsync(secret, receiver.Requests.Last(), h.NowUnix));

        using var scope = h.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(h.Tenant.Id);
        var audit = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditRecords.AsNoTracking().Where(a => a.Action.StartsWith("webhook.")).Select(a => a.Action).ToListAsync();
        Assert.Contains("webhook.created", audit);
        Assert.Contains("webhook.resent", audit);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_slow_or_unreachable_receiver_is_retried_and_nothing_is_lost(string provider)
    {
        using var receiver = new WebhookReceiver { SlowRequests = 1, Delay = TimeSpan.FromSeconds(4) };
        await using var h = await StartAsync(provider, more: new Dictionary<string, string?> { ["Madoguchi:Webhooks:TimeoutSeconds"] = "1" });
        var (id, secret) = await h.SubscribeAsync(receiver.Url("/slow"));

        using (var ping = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{id}/test", null))
        {
            var delivery = await ReadJsonAsync(ping);
            Assert.Equal("pending", (string?)delivery["status"]);
            Assert.Equal("HTTP: timeout", (string?)delivery["lastError"]);
        }

        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.SendAsync());
        var done = Assert.Single(await h.DeliveriesAsync());
        Assert.Equal(WebhookDeliveryStatus.Delivered, done.Status);
        Assert.Equal(2, done.Attempts);

        // The slow attempt did arrive (the receiver just answered late): both carry the same webhook-id to deduplicate by.
        Assert.Equal(2, receiver.Requests.Count);
        Assert.Single(receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.Equal("ok", await StandardWebhooksVerifier.VerifyAsync(secret, receiver.Requests.Last(), h.NowUnix));

        // Nobody listening: a connection error, kept pending for the next attempt.
        var closedPort = SmtpListener.FreePort();
        var (downId, _) = await h.SubscribeAsync($"http://127.0.0.1:{closedPort}/down");
        using (var ping = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{downId}/test", null))
        {
            var delivery = await ReadJsonAsync(ping);
            Assert.Equal("pending", (string?)delivery["status"]);
            Assert.Null(delivery["lastStatusCode"]?.GetValue<int?>());
            Assert.StartsWith("HTTP: ", (string?)delivery["lastError"], StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Internal_targets_are_refused_at_save_with_a_message_in_both_languages(string provider)
    {
        await using var h = await StartAsync(provider, allowLoopback: false);
        h.Dns.Answers["hooks.example.jp"] = [IPAddress.Parse("203.0.113.10")];
        h.Dns.Answers["mixed.example.jp"] = [IPAddress.Parse("203.0.113.11"), IPAddress.Parse("10.0.0.5")];
        h.Dns.Answers["metadata.example.jp"] = [IPAddress.Parse("169.254.169.254")];
        string[] refused =
        [
            "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://172.16.0.1/", "https://192.168.1.1/",
            "https://169.254.169.254/latest/meta-data/", "https://[::1]/hook", "https://[::ffff:127.0.0.1]/hook",
            "https://[fd00:ec2::254]/", "https://[fe80::1]/", "https://100.64.0.1/", "https://224.0.0.1/", "https://0.0.0.0/",
            "https://2130706433/hook", "https://0x7f000001/hook", "https://0177.0.0.1/hook", "https://127.1/hook", "https://[::ffff:7f00:1]/", "https://[64:ff9b::a00:1]/", "https://localhost/hook",
            "https://mixed.example.jp/hook", "https://metadata.example.jp/", "ftp://hooks.example.jp/hook", "file:///etc/passwd",
            "https://user:pass@hooks.example.jp/", "not a url",
        ];
        foreach (var url in refused)
        {
            using var response = await h.Tenant.Api.PostAsJsonAsync("/api/v1/webhooks", new { url, events = ReceivedOnly });
            Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{url}: {response.StatusCode}");
            var problem = await ReadJsonAsync(response);
            var item = problem["problems"]!.AsArray().Single()!;
            Assert.Equal("url", (string?)item["path"]);
            if (url.Contains("//2130706433", StringComparison.Ordinal) || url.Contains("//0x7f", StringComparison.Ordinal) || url.Contains("//0177.", StringComparison.Ordinal) || url.Contains("//127.1/", StringComparison.Ordinal))
            {
                Assert.Equal("internalAddress", (string?)item["code"]); // System.Uri normalises decimal, hex, octal and short forms to 127.0.0.1
            }

            Assert.False(string.IsNullOrWhiteSpace((string?)item["ja"]), url);
            Assert.False(string.IsNullOrWhiteSpace((string?)item["en"]), url);
        }

        // Public targets pass; plain http passes here only because this configuration allows it for every host.
        using (var ok = await h.Tenant.Api.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://hooks.example.jp/madoguchi", events = DecidedOnly }))
        {
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        // Unknown events and procedures are refused by field, and nothing was saved for any refusal.
        using (var bad = await h.Tenant.Api.PostAsJsonAsync("/api/v1/webhooks", new { url = "https://hooks.example.jp/x", events = Eaten, procedure = "nope" }))
        {
            var problem = await ReadJsonAsync(bad);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Equal(["events", "procedure"], problem["problems"]!.AsArray().Select(p => (string)p!["path"]!).Order());
        }

        var list = await h.Tenant.Api.GetFromJsonAsync<JsonArray>("/api/v1/webhooks");
        Assert.Single(list!);

        // https is required unless the operator allows http.
        var strict = new OutboundAllowlist([]);
        Assert.Equal(OutboundRefusal.HttpsRequired, OutboundGuard.CheckUrl(new Uri("http://hooks.example.jp/"), strict, allowHttp: false));
        Assert.Null(OutboundGuard.CheckUrl(new Uri("https://hooks.example.jp/"), strict, allowHttp: false));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Redirects_and_rebinding_to_internal_addresses_are_refused_at_send(string provider)
    {
        using var receiver = new WebhookReceiver();
        using var trap = new WebhookReceiver("localhost"); // loopback, but "localhost" is not the allowlisted host
        await using var h = await StartAsync(provider);

        var (id, _) = await h.SubscribeAsync(receiver.Url("/first"));
        receiver.Script.Enqueue((307, trap.Url("/stolen")));
        using (var ping = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{id}/test", null))
        {
            var delivery = await ReadJsonAsync(ping);
            Assert.Equal("pending", (string?)delivery["status"]);
            Assert.Contains("internal address", (string?)delivery["lastError"], StringComparison.Ordinal);
        }

        Assert.Single(receiver.Requests);
        Assert.Empty(trap.Requests);

        // A 307 to the allowlisted host itself is followed, with the same signed body.
        receiver.Script.Enqueue((307, receiver.Url("/moved")));
        using (var ping = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{id}/test", null))
        {
            Assert.Equal("delivered", (string?)(await ReadJsonAsync(ping))["status"]);
        }

        Assert.Equal(["/first", "/first", "/moved"], receiver.Requests.Select(r => r.Path));
        Assert.Equal(receiver.Requests.ElementAt(1).Body, receiver.Requests.ElementAt(2).Body);

        // A 302 (which would turn the POST into a GET) is not followed.
        receiver.Script.Enqueue((302, receiver.Url("/elsewhere")));
        using (var ping = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{id}/test", null))
        {
            var delivery = await ReadJsonAsync(ping);
            Assert.Equal(302, (int?)delivery["lastStatusCode"]);
            Assert.Equal("pending", (string?)delivery["status"]);
        }

        Assert.DoesNotContain(receiver.Requests, r => r.Path == "/elsewhere");

        // DNS rebinding: public when saved, loopback when sent; the connect-time check refuses it.
        h.Dns.Answers["rebind.example.jp"] = [IPAddress.Parse("203.0.113.20")];
        var (rebindId, _) = await h.SubscribeAsync($"http://rebind.example.jp:{trap.Port}/x");
        h.Dns.Answers["rebind.example.jp"] = [IPAddress.Loopback];
        using (var ping = await h.Tenant.Api.PostAsync($"/api/v1/webhooks/{rebindId}/test", null))
        {
            var delivery = await ReadJsonAsync(ping);
            Assert.Equal("pending", (string?)delivery["status"]);
            Assert.Contains("internal address", (string?)delivery["lastError"], StringComparison.Ordinal);
        }

        Assert.Empty(trap.Requests);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Webhooks_need_the_scope_and_stay_inside_their_tenant(string provider)
    {
        await using var h = await StartAsync(provider);
        h.Dns.Answers["hooks.example.jp"] = [IPAddress.Parse("203.0.113.10")];
        var (id, _) = await h.SubscribeAsync("https://hooks.example.jp/a");

        string narrow;
        using (var scope = h.Factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(h.Tenant.Id);
            (_, narrow) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(h.Tenant.Id, "no webhooks", CancellationToken.None, []);
        }

        using var narrowClient = h.Factory.CreateClient();
        narrowClient.DefaultRequestHeaders.Authorization = new("Bearer", narrow);
        using (var forbidden = await narrowClient.GetAsync("/api/v1/webhooks"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var anonymous = await h.Factory.CreateClient().GetAsync("/api/v1/webhooks"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var other = await h.Factory.CreateTenantAsync();
        Assert.Empty((await other.Api.GetFromJsonAsync<JsonArray>("/api/v1/webhooks"))!);
        using (var foreign = await other.Api.GetAsync($"/api/v1/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        }

        using (var foreignDelete = await other.Api.DeleteAsync($"/api/v1/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, foreignDelete.StatusCode);
        }

        using (var patch = await h.Tenant.Api.PatchAsJsonAsync($"/api/v1/webhooks/{id}", new { enabled = false, events = DecidedAndMessage }))
        {
            var view = await ReadJsonAsync(patch);
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
            Assert.False((bool)view["enabled"]!);
            Assert.Equal(["application.decided", "application.message"], view["events"]!.AsArray().Select(e => (string)e!));
        }

        using (var delete = await h.Tenant.Api.DeleteAsync($"/api/v1/webhooks/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        }

        Assert.Empty((await h.Tenant.Api.GetFromJsonAsync<JsonArray>("/api/v1/webhooks"))!);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Case_events_reach_the_subscriptions_that_chose_them_and_answers_only_when_asked(string provider)
    {
        using var receiver = new WebhookReceiver();
        await using var h = await StartAsync(provider);
        await PublishAllTypesAsync(h.Tenant);
        await PublishAllTypesAsync(h.Tenant, "other-procedure");
        await h.SubscribeAsync(receiver.Url("/all"));
        await h.SubscribeAsync(receiver.Url("/decisions"), new { events = DecidedOnly, procedure = AllTypesSlug, includeAnswers = true });
        await h.SubscribeAsync(receiver.Url("/other"), new { procedure = "other-procedure" });

        var (id, receipt) = await SubmitOneAsync(h.Tenant);
        foreach (var command in new object[]
        {
            new { type = "startReview" },
            new { type = "requestCorrection", message = "書類を添付してください。", fields = Array.Empty<object>() },
        })
        {
            using var response = await h.Tenant.Api.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { command });
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        var (id2, receipt2) = await SubmitOneAsync(h.Tenant);
        foreach (var command in new object[] { new { type = "startReview" }, new { type = "approve" }, new { type = "decide", outcome = "grant" } })
        {
            using var response = await h.Tenant.Api.PostAsJsonAsync($"/api/v1/applications/{id2}/actions", new { command });
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        await h.DispatchAsync();
        await h.SendAsync();

        var all = receiver.Requests.Where(r => r.Path == "/all").Select(r => JsonNode.Parse(r.Body)!).ToList();
        var types = all.Select(b => ((string)b["type"]!, (string)b["data"]!["receiptNumber"]!)).ToList();
        Assert.Contains((WebhookEvents.Received, receipt), types);
        Assert.Contains((WebhookEvents.StatusChanged, receipt), types);
        Assert.Contains((WebhookEvents.CorrectionRequested, receipt), types);
        Assert.Contains((WebhookEvents.Received, receipt2), types);
        Assert.Contains((WebhookEvents.Decided, receipt2), types);
        Assert.All(all, b => Assert.Null(b["data"]!["answers"]));
        Assert.Equal("approved", (string?)all.Single(b => (string)b["type"]! == WebhookEvents.Decided)["data"]!["status"]);

        var decisions = receiver.Requests.Where(r => r.Path == "/decisions").Select(r => JsonNode.Parse(r.Body)!).ToList();
        var decided = Assert.Single(decisions);
        Assert.Equal(WebhookEvents.Decided, (string?)decided["type"]);
        Assert.Equal(receipt2, (string?)decided["data"]!["receiptNumber"]);
        Assert.NotNull(decided["data"]!["answers"]); // this subscription asked for them

        Assert.DoesNotContain(receiver.Requests, r => r.Path == "/other");
        Assert.Equal(receiver.Requests.Count, receiver.Requests.Select(r => r.Headers["webhook-id"]).Distinct().Count());

        // The API description lists the webhook endpoints.
        var doc = JsonNode.Parse(await h.Tenant.Api.GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/api/v1/webhooks", paths);
        Assert.Contains("/api/v1/webhooks/{id}/deliveries", paths);
        Assert.Contains("/api/v1/webhooks/{id}/deliveries/{deliveryId}/resend", paths);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("192.168.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("224.0.0.251", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("::", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("::127.0.0.1", true)]
    [InlineData("fd00:ec2::254", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("ff02::1", true)]
    [InlineData("64:ff9b::7f00:1", true)]
    [InlineData("2002:c0a8:101::1", true)]
    [InlineData("203.0.113.10", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("100.128.0.1", false)]
    [InlineData("2001:4860:4860::8888", false)]
    [InlineData("::ffff:8.8.8.8", false)]
    public void Internal_addresses_are_recognised(string address, bool isInternal) =>
        Assert.Equal(isInternal, OutboundGuard.IsInternal(IPAddress.Parse(address)));

    [Fact]
    public void The_allowlist_takes_hosts_and_ranges_but_never_the_metadata_address()
    {
        var list = new OutboundAllowlist(["intranet.city.local", "10.20.0.0/16", "169.254.0.0/16"]);
        Assert.True(list.AllowsHost("INTRANET.city.local"));
        Assert.True(list.AllowsAddress(IPAddress.Parse("10.20.3.4")));
        Assert.True(list.AllowsAddress(IPAddress.Parse("::ffff:10.20.3.4")));
        Assert.False(list.AllowsAddress(IPAddress.Parse("10.21.0.1")));
        Assert.False(list.AllowsAddress(IPAddress.Parse("169.254.169.254")));
        Assert.Null(OutboundGuard.CheckUrl(new Uri("http://10.20.0.9/hook"), list, allowHttp: false));
        Assert.Equal(OutboundRefusal.Internal, OutboundGuard.CheckUrl(new Uri("https://169.254.169.254/"), list, allowHttp: false));
    }
}
