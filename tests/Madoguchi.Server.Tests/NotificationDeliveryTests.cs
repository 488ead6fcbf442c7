using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Notifications;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>Outbox → notifications → a real SMTP listener and loopback webhooks, on both databases.</summary>
public sealed class NotificationDeliveryTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private static Dictionary<string, string?> Settings(int smtpPort, bool workers = true, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Madoguchi:Notifications:WorkersEnabled"] = workers ? "true" : "false",
            ["Madoguchi:Notifications:PollIntervalSeconds"] = "0.1",
            ["Madoguchi:Notifications:RetryInitialSeconds"] = "0.2",
            ["Madoguchi:Notifications:RetryMaxSeconds"] = "0.5",
            ["Madoguchi:Notifications:RemindersEnabled"] = "false",
            ["Madoguchi:Notifications:PublicBaseUrl"] = "https://madoguchi.example.jp",
            ["Madoguchi:Notifications:Smtp:Host"] = "127.0.0.1",
            ["Madoguchi:Notifications:Smtp:Port"] = smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Madoguchi:Notifications:Smtp:Security"] = "None",
            ["Madoguchi:Notifications:Smtp:FromAddress"] = "noreply@city.example.jp",
            ["Madoguchi:Notifications:Smtp:FromName"] = "見本市役所",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Task<HttpResponseMessage> ActAsync(TestTenant tenant, Guid id, object command) =>
        tenant.Api.PostAsJsonAsync($"/api/v1/applications/{id}/actions", new { command });

    private static async Task<(Guid Id, string Receipt)> SubmitOneAsync(TestTenant tenant, string email, string? language = null, string slug = AllTypesSlug)
    {
        var answers = ValidAnswers();
        answers["email"] = email;
        var body = Body(answers);
        if (language is not null)
        {
            body["language"] = language;
        }

        using var created = await SubmitAsync(tenant.Api, slug, body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = await ReadJsonAsync(created);
        return (json["id"]!.GetValue<Guid>(), (string)json["receiptNumber"]!);
    }

    private static async Task<List<Notification>> NotificationsAsync(TestTenant tenant)
    {
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Notifications.AsNoTracking().OrderBy(n => n.Id).ToListAsync();
    }

    /// <summary>Waits (bounded, to catch hangs) until the tenant's notifications satisfy a condition.</summary>
    private static async Task<List<Notification>> WaitForNotificationsAsync(TestTenant tenant, Func<List<Notification>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var list = await NotificationsAsync(tenant);
            if (done(list) || DateTime.UtcNow > deadline)
            {
                return list;
            }

            await Task.Delay(100);
        }
    }

    private static void AssertSingleRecipient(SmtpListener.ReceivedMail mail)
    {
        Assert.Single(mail.EnvelopeTo);
        Assert.Single(mail.Message.To.Mailboxes);
        Assert.Empty(mail.Message.Cc);
        Assert.Empty(mail.Message.Bcc);
        Assert.Equal(mail.EnvelopeTo[0], mail.Message.To.Mailboxes.Single().Address);
        Assert.Equal("auto-generated", mail.Message.Headers["Auto-Submitted"]);
        Assert.False(string.IsNullOrEmpty(mail.Message.MessageId));
        Assert.Equal("noreply@city.example.jp", mail.Message.From.Mailboxes.Single().Address);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Received_correction_and_decision_emails_reach_one_recipient_each_in_the_applicants_language(string provider)
    {
        await using var smtp = new SmtpListener().Start();
        await using var factory = await MadoguchiFactory.StartAsync(provider, Settings(smtp.Port));
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);

        var ja = await SubmitOneAsync(tenant, "hanako@example.jp");
        var en = await SubmitOneAsync(tenant, "alex@example.com", "en");

        using (var start = await ActAsync(tenant, ja.Id, new { type = "startReview" }))
        {
            Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        }

        using (var correction = await ActAsync(tenant, ja.Id, new { type = "requestCorrection", message = "住民票の写しを添付してください。", fields = Array.Empty<object>(), replyBy = "2099-01-15" }))
        {
            Assert.True(correction.StatusCode == HttpStatusCode.OK, await correction.Content.ReadAsStringAsync());
        }

        foreach (var command in new object[] { new { type = "startReview" }, new { type = "approve" }, new { type = "decide", outcome = "grant" } })
        {
            using var response = await ActAsync(tenant, en.Id, command);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        await smtp.WaitForAsync(5);
        var log = await WaitForNotificationsAsync(tenant, l => l.Count == 5 && l.All(n => n.Status == NotificationStatus.Sent));
        Assert.Equal(5, log.Count);
        Assert.All(log, n => Assert.Equal(NotificationStatus.Sent, n.Status));

        var mails = smtp.Messages.ToList();
        Assert.Equal(5, mails.Count); // nothing for review started or step approved; the grant also issues a notice
        Assert.All(mails, AssertSingleRecipient);

        var toHanako = mails.Where(m => m.EnvelopeTo[0] == "hanako@example.jp").Select(m => m.Message).ToList();
        var toAlex = mails.Where(m => m.EnvelopeTo[0] == "alex@example.com").Select(m => m.Message).ToList();
        Assert.Equal(2, toHanako.Count);
        Assert.Equal(3, toAlex.Count);

        var received = Assert.Single(toHanako, m => (m.Subject ?? "").StartsWith("【受付のお知らせ】", StringComparison.Ordinal));
        Assert.Equal($"【受付のお知らせ】全項目テスト（受付番号 {ja.Receipt}）", received.Subject);
        Assert.Contains($"受付番号：{ja.Receipt}", received.TextBody!, StringComparison.Ordinal);
        Assert.Contains($"https://madoguchi.example.jp/status?tenant={tenant.Slug}&receipt={ja.Receipt}", received.TextBody!, StringComparison.Ordinal);

        var correctionMail = Assert.Single(toHanako, m => (m.Subject ?? "").StartsWith("【補正のお願い】", StringComparison.Ordinal));
        Assert.Contains("住民票の写しを添付してください。", correctionMail.TextBody!, StringComparison.Ordinal);
        Assert.Contains("補正の期限：2099年1月15日", correctionMail.TextBody!, StringComparison.Ordinal);

        var receivedEn = Assert.Single(toAlex, m => (m.Subject ?? "").StartsWith("Application received", StringComparison.Ordinal));
        Assert.Equal($"Application received: All field types (receipt number {en.Receipt})", receivedEn.Subject);
        Assert.Contains("We have received your application", receivedEn.TextBody!, StringComparison.Ordinal);
        var decided = Assert.Single(toAlex, m => (m.Subject ?? "").StartsWith("Decision on your application", StringComparison.Ordinal));
        Assert.Contains("Decision: granted", decided.TextBody!, StringComparison.Ordinal);
        var notice = Assert.Single(toAlex, m => (m.Subject ?? "").StartsWith("Notice issued", StringComparison.Ordinal));
        Assert.Contains($"/status?tenant={tenant.Slug}&receipt={en.Receipt}", notice.TextBody!, StringComparison.Ordinal);
        Assert.Empty(notice.Attachments); // the notice is downloaded from the status page, never mailed

        // UTF-8 on the wire, Japanese intact after decoding.
        Assert.Contains("utf-8", mails.First(m => m.EnvelopeTo[0] == "hanako@example.jp").Raw, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task When_the_SMTP_server_is_down_notifications_retry_and_all_arrive_once_it_is_up(string provider)
    {
        var port = SmtpListener.FreePort();
        await using var factory = await MadoguchiFactory.StartAsync(provider, Settings(port));
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);

        var addresses = Enumerable.Range(1, 3).Select(i => $"retry{i}@example.jp").ToList();
        foreach (var address in addresses)
        {
            await SubmitOneAsync(tenant, address);
        }

        var failing = await WaitForNotificationsAsync(tenant, l => l.Count == 3 && l.All(n => n.Attempts >= 2));
        Assert.Equal(3, failing.Count);
        Assert.All(failing, n =>
        {
            Assert.Equal(NotificationStatus.Pending, n.Status);
            Assert.True(n.Attempts >= 2);
            Assert.Contains("SMTP", n.LastError!, StringComparison.Ordinal);
            Assert.DoesNotContain("@", n.LastError!, StringComparison.Ordinal);
        });

        await using var smtp = new SmtpListener(port).Start();
        await smtp.WaitForAsync(3);
        var sent = await WaitForNotificationsAsync(tenant, l => l.All(n => n.Status == NotificationStatus.Sent));
        Assert.Equal(3, sent.Count);
        Assert.All(sent, n => Assert.Equal(NotificationStatus.Sent, n.Status));

        // Give the worker a few more passes: nothing may be sent twice.
        await Task.Delay(1000);
        Assert.Equal(addresses.Order(), smtp.Messages.Select(m => m.EnvelopeTo.Single()).Order());
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Two_servers_on_one_database_never_send_a_message_twice(string provider)
    {
        await using var smtp = new SmtpListener().Start();
        await using var first = await MadoguchiFactory.StartAsync(provider, Settings(smtp.Port, workers: false));
        var shared = first.Services.GetRequiredService<IOptions<MadoguchiOptions>>().Value;
        await using var second = await MadoguchiFactory.StartAsync(provider, Settings(smtp.Port, workers: false, new Dictionary<string, string?>
        {
            ["Madoguchi:DataDirectory"] = first.DataDirectory,
            ["Madoguchi:Database:ConnectionString"] = shared.Database.ConnectionString,
        }));
        var tenant = await first.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var a = first.Services.GetRequiredService<NotificationWorker>();
        var b = second.Services.GetRequiredService<NotificationWorker>();

        var addresses = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                var address = $"twice{round}-{i}@example.jp";
                addresses.Add(address);
                await SubmitOneAsync(tenant, address);
            }

            await Task.WhenAll(a.RunOnceAsync(CancellationToken.None), b.RunOnceAsync(CancellationToken.None), a.RunOnceAsync(CancellationToken.None));
        }

        await a.RunOnceAsync(CancellationToken.None);
        await b.RunOnceAsync(CancellationToken.None);
        Assert.Equal(addresses.Order(), smtp.Messages.Select(m => m.EnvelopeTo.Single()).Order());
        var log = await NotificationsAsync(tenant);
        Assert.Equal(addresses.Count, log.Count);
        Assert.All(log, n => Assert.Equal(NotificationStatus.Sent, n.Status));
        Assert.All(log, n => Assert.Equal(1, n.Attempts));
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_batch_of_events_is_planned_together_and_one_bad_event_holds_up_no_other(string provider)
    {
        await using var smtp = new SmtpListener().Start();
        await using var factory = await MadoguchiFactory.StartAsync(provider, Settings(smtp.Port, workers: false));
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var addresses = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            addresses.Add($"batch{i}@example.jp");
            await SubmitOneAsync(tenant, addresses[^1]);
        }

        // An event nobody can plan (its payload is not JSON) sits among the good ones.
        long badId;
        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var bad = new OutboxMessage { TenantId = tenant.Id, Type = "application.submitted", CreatedAt = DateTime.UtcNow, PayloadJson = "{not json" };
            db.OutboxMessages.Add(bad);
            await db.SaveChangesAsync();
            badId = bad.Id;
        }

        for (var i = 0; i < 3; i++)
        {
            addresses.Add($"after{i}@example.jp");
            await SubmitOneAsync(tenant, addresses[^1]);
        }

        var handled = await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(CancellationToken.None);
        Assert.Equal(9, handled);
        var log = await NotificationsAsync(tenant);
        Assert.Equal(addresses.Order(), log.Select(n => n.Recipient).Order());
        Assert.Equal(9, log.Select(n => n.ApplicationId).Distinct().Count());

        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var outbox = await db.OutboxMessages.AsNoTracking().Where(o => o.Type == "application.submitted").ToListAsync();
            Assert.Equal(10, outbox.Count);
            var bad = Assert.Single(outbox, o => o.Id == badId);
            Assert.Null(bad.ProcessedAt);
            Assert.Equal(1, bad.Attempts);
            Assert.Equal(9, outbox.Count(o => o.ProcessedAt != null));
        }

        // A second pass plans nothing twice.
        await factory.Services.GetRequiredService<OutboxDispatcher>().DispatchAsync(CancellationToken.None);
        Assert.Equal(9, (await NotificationsAsync(tenant)).Count);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task New_cases_are_posted_to_the_departments_Teams_and_Slack_webhooks(string provider)
    {
        using var hooks = new WebhookListener();
        await using var factory = await MadoguchiFactory.StartAsync(provider, Settings(SmtpListener.FreePort(), more: new Dictionary<string, string?>
        {
            ["Madoguchi:Notifications:WebhookAllowedHosts:0"] = "127.0.0.1",
            ["Madoguchi:Notifications:Smtp:Host"] = "",
        }));
        var tenant = await factory.CreateTenantAsync();
        var definition = JsonNode.Parse(AllTypesJson("routed", "部署通知テスト"))!.AsObject();
        definition["route"] = JsonNode.Parse("""{ "steps": [ { "id": "review", "kind": "review", "label": { "ja": "審査" }, "department": "soumu" } ] }""");
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        }

        using (var publish = await tenant.Api.PostAsync("/api/v1/procedures/routed/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        using (var scope = factory.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var admin = scope.ServiceProvider.GetRequiredService<DepartmentWebhooks>();
            Assert.True((await admin.SetAsync("soumu", NotificationChannel.Teams, hooks.Url("/teams"), "test", CancellationToken.None)).Ok);
            Assert.True((await admin.SetAsync("soumu", NotificationChannel.Slack, hooks.Url("/slack"), "test", CancellationToken.None)).Ok);
            Assert.True((await admin.SetAsync("other", NotificationChannel.Slack, hooks.Url("/other"), "test", CancellationToken.None)).Ok);
            var stored = await scope.ServiceProvider.GetRequiredService<AppDbContext>().DepartmentWebhooks.AsNoTracking().ToListAsync();
            Assert.Equal(3, stored.Count);
            Assert.All(stored, w => Assert.DoesNotContain("127.0.0.1", w.UrlProtected, StringComparison.Ordinal));
        }

        var (_, receipt) = await SubmitOneAsync(tenant, "dept@example.jp", slug: "routed");
        await hooks.WaitForAsync(2);
        var log = await WaitForNotificationsAsync(tenant, l => l.Count(n => n.Event == "newCase" && n.Status == NotificationStatus.Sent) == 2);

        Assert.Equal(2, hooks.Posts.Count);
        var teams = JsonNode.Parse(Assert.Single(hooks.Posts, p => p.Path == "/teams").Body)!;
        Assert.Equal("MessageCard", (string?)teams["@type"]);
        Assert.Equal("新しい申請：部署通知テスト", (string?)teams["title"]);
        Assert.Contains(receipt, (string?)teams["text"], StringComparison.Ordinal);
        var slack = JsonNode.Parse(Assert.Single(hooks.Posts, p => p.Path == "/slack").Body)!;
        Assert.Contains(receipt, (string?)slack["text"], StringComparison.Ordinal);
        Assert.DoesNotContain("dept@example.jp", (string?)slack["text"], StringComparison.Ordinal);

        // Without SMTP the applicant's email is recorded as skipped with the reason, never retried in a loop.
        var email = Assert.Single(log, n => n.Channel == NotificationChannel.Email);
        Assert.Equal(NotificationStatus.Skipped, email.Status);
        Assert.Equal(EmailTransport.NotConfigured, email.LastError);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Each_handler_gets_one_digest_of_their_due_cases_once_a_day(string provider)
    {
        await using var smtp = new SmtpListener().Start();
        await using var factory = await MadoguchiFactory.StartAsync(provider, Settings(smtp.Port, workers: false));
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        Guid adminId;
        using (var scope = factory.Services.CreateScope())
        {
            adminId = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Users.Where(u => u.Email == tenant.AdminEmail).Select(u => u.Id).SingleAsync();
        }

        var mine = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var (id, receipt) = await SubmitOneAsync(tenant, $"due{i}@example.jp");
            mine.Add(receipt);
            using var assign = await ActAsync(tenant, id, new { type = "assign", assignee = new { id = "staff:" + adminId, kind = "staff" } });
            Assert.True(assign.StatusCode == HttpStatusCode.OK, await assign.Content.ReadAsStringAsync());
        }

        var (_, unassigned) = await SubmitOneAsync(tenant, "nobody@example.jp");
        var worker = factory.Services.GetRequiredService<NotificationWorker>();
        await worker.RunOnceAsync(CancellationToken.None); // the three receipts
        var reminders = factory.Services.GetRequiredService<StaffReminders>();
        var today = Madoguchi.Core.Cases.CaseClock.JapanDate(DateTime.UtcNow);

        // 標準処理期間 is 10 開庁日: nothing is due today, everything is overdue in two months.
        Assert.Equal(0, await reminders.RunAsync(today, tenant.Id, CancellationToken.None));
        var later = today.AddMonths(2);
        Assert.Equal(1, await reminders.RunAsync(later, tenant.Id, CancellationToken.None));
        Assert.Equal(0, await reminders.RunAsync(later, tenant.Id, CancellationToken.None)); // idempotent per day
        await worker.RunOnceAsync(CancellationToken.None);

        var digest = Assert.Single(smtp.Messages, m => m.EnvelopeTo[0] == tenant.AdminEmail);
        AssertSingleRecipient(digest);
        Assert.Equal("【期限のお知らせ】担当の案件 2 件が期限間近または期限超過です", digest.Message.Subject);
        Assert.Equal(2, mine.Count);
        Assert.All(mine, receipt => Assert.Contains(receipt, digest.Message.TextBody!, StringComparison.Ordinal));
        Assert.DoesNotContain(unassigned, digest.Message.TextBody!, StringComparison.Ordinal);
        Assert.Contains("（期限超過）", digest.Message.TextBody!, StringComparison.Ordinal);
        Assert.DoesNotContain("due0@example.jp", digest.Raw, StringComparison.Ordinal);
        Assert.Equal(4, smtp.Messages.Count); // three receipts and one digest
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_procedure_overrides_a_subject_and_switches_an_email_off(string provider)
    {
        await using var smtp = new SmtpListener().Start();
        await using var factory = await MadoguchiFactory.StartAsync(provider, Settings(smtp.Port, workers: false));
        var tenant = await factory.CreateTenantAsync();
        var definition = JsonNode.Parse(AllTypesJson("custom", "独自文面テスト"))!.AsObject();
        definition["notifications"] = JsonNode.Parse("""
            { "received": { "subject": { "ja": "受け付けました：{{receiptNumber}}", "en": "Got it: {{receiptNumber}}" } },
              "correctionRequested": { "enabled": false } }
            """);
        using (var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(definition.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        }

        using (var publish = await tenant.Api.PostAsync("/api/v1/procedures/custom/publish", null))
        {
            Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        }

        var (id, receipt) = await SubmitOneAsync(tenant, "custom@example.jp", "en", slug: "custom");
        foreach (var command in new object[] { new { type = "startReview" }, new { type = "requestCorrection", message = "x", fields = Array.Empty<object>() } })
        {
            using var response = await ActAsync(tenant, id, command);
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        }

        await factory.Services.GetRequiredService<NotificationWorker>().RunOnceAsync(CancellationToken.None);

        var mail = Assert.Single(smtp.Messages);
        Assert.Equal($"Got it: {receipt}", mail.Message.Subject);
        Assert.Contains("We have received your application", mail.Message.TextBody!, StringComparison.Ordinal); // built-in body kept
        var off = Assert.Single(await NotificationsAsync(tenant), n => n.Event == "correctionRequested");
        Assert.Equal(NotificationStatus.Skipped, off.Status);
        Assert.Equal(NotificationPlanner.SwitchedOff, off.LastError);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task The_API_takes_the_applicants_language_and_refuses_an_unknown_one(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        var (en, _) = await SubmitOneAsync(tenant, "lang@example.jp", "en");
        var (ja, _) = await SubmitOneAsync(tenant, "lang@example.jp");
        var body = Body(ValidAnswers());
        body["language"] = "fr";
        using var refused = await SubmitAsync(tenant.Api, AllTypesSlug, body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("invalidLanguage", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal("en", (await db.Applications.SingleAsync(a => a.Id == en)).Language);
        Assert.Equal("ja", (await db.Applications.SingleAsync(a => a.Id == ja)).Language);
    }

    [Fact]
    public async Task Webhook_targets_on_private_addresses_are_refused_without_the_allowlist()
    {
        using var hooks = new WebhookListener();
        var strict = new NotificationOptions();
        var monitor = new FixedOptions(strict);
        using var transport = new WebhookTransport(monitor, new OutboundGuard(new HostResolver()));

        Assert.NotNull(WebhookTransport.Refusal(new Uri("http://example.jp/hook"), strict)); // not https
        Assert.NotNull(WebhookTransport.Refusal(new Uri("https://10.1.2.3/hook"), strict));
        Assert.NotNull(WebhookTransport.Refusal(new Uri("https://[::1]/hook"), strict));
        Assert.NotNull(WebhookTransport.Refusal(new Uri("https://169.254.169.254/latest"), strict));
        Assert.Null(WebhookTransport.Refusal(new Uri("https://outlook.office.com/webhook/x"), strict));

        // A name that resolves to loopback passes the URL check but is refused when connecting.
        var viaName = await transport.PostAsync(NotificationChannel.Slack, new Uri($"https://localhost:{hooks.Port}/x"), "s", "b", CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Fail, viaName.Outcome);
        var direct = await transport.PostAsync(NotificationChannel.Slack, new Uri(hooks.Url("/x")), "s", "b", CancellationToken.None);
        Assert.Equal(DeliveryOutcome.Fail, direct.Outcome);
        Assert.Empty(hooks.Posts);

        Assert.Null(WebhookTransport.Refusal(new Uri(hooks.Url("/x")), new NotificationOptions { WebhookAllowedHosts = ["127.0.0.1"] }));
        Assert.NotNull(WebhookTransport.Refusal(new Uri(hooks.Url("/x")), new NotificationOptions { WebhookAllowedHosts = ["localhost"] })); // another host
    }

    private sealed class FixedOptions(NotificationOptions value) : IOptionsMonitor<NotificationOptions>
    {
        public NotificationOptions CurrentValue => value;

        public NotificationOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<NotificationOptions, string?> listener) => null;
    }
}
