using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

/// <summary>
/// Durable before acknowledged: SIGKILL the server in the middle of a burst of API submissions, restart it, and
/// every application whose receipt a client received must be there with identical answers and file bytes.
/// </summary>
public sealed class CrashDurabilityTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    private sealed record Acknowledged(string Id, string Receipt, JsonObject Answers, string FileSha256);

    [Theory, MemberData(nameof(Providers))]
    public async Task Every_acknowledged_application_survives_sigkill_mid_burst(string provider)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "madoguchi-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var environment = new Dictionary<string, string>
        {
            ["Madoguchi__DataDirectory"] = dataDirectory,
            ["Madoguchi__SecureCookies"] = "false",
            ["Madoguchi__Database__Provider"] = provider,
        };
        if (provider == TestServers.Postgres)
        {
            environment["Madoguchi__Database__ConnectionString"] = await TestServers.CreatePostgresDatabaseAsync();
        }

        await using var server = new ServerProcess(environment);
        await server.RunCommandAsync("tenant", "create", "--slug", "crash", "--name", "クラッシュ試験市");
        var key = (await server.RunCommandAsync("apikey", "create", "--name", "crash", "--tenant", "crash"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Last();
        await server.StartAsync();
        using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/procedures", new StringContent(AllTypesJson(), Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/procedures/{AllTypesSlug}/publish", null)).StatusCode);

        var acknowledged = new ConcurrentBag<Acknowledged>();
        for (var round = 0; round < 2; round++)
        {
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 6).Select(c => BurstAsync(client, c, round, acknowledged, stop.Token)).ToList();
            var target = acknowledged.Count + 30 + Random.Shared.Next(30);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (acknowledged.Count < target && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }

            await server.KillAsync();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
            await server.StartAsync();
        }

        Assert.True(acknowledged.Count >= 60, $"only {acknowledged.Count} acknowledged");
        var storedHashes = Directory.GetFiles(Path.Combine(dataDirectory, "files"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".part", StringComparison.Ordinal))
            .Select(f => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))))
            .ToHashSet();
        foreach (var ack in acknowledged)
        {
            using var response = await client.GetAsync($"/api/v1/applications/{ack.Id}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"acknowledged {ack.Receipt} is missing after the crash");
            var detail = await ReadJsonAsync(response);
            Assert.Equal(ack.Receipt, detail["summary"]!["receiptNumber"]!.GetValue<string>());
            var answers = detail["answers"]!.AsObject();
            foreach (var (field, value) in ack.Answers)
            {
                Assert.True(JsonNode.DeepEquals(value, answers[field]), $"{ack.Receipt}.{field}: {value} != {answers[field]}");
            }

            Assert.Equal(ack.FileSha256, detail["files"]![0]!["sha256"]!.GetValue<string>());
            Assert.Contains(ack.FileSha256, storedHashes);
        }

        await server.KillAsync();
        if (provider == TestServers.Sqlite)
        {
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "madoguchi.db")}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await command.ExecuteScalarAsync());
        }

        Directory.Delete(dataDirectory, recursive: true);
    }

    private static async Task BurstAsync(HttpClient client, int clientNumber, int round, ConcurrentBag<Acknowledged> acknowledged, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var answers = ValidAnswers();
            answers["name"] = $"試験 {round}-{clientNumber}-{i}";
            answers["count"] = 1 + (i % 100);
            var pdf = Encoding.ASCII.GetBytes($"%PDF-1.4\n% {Guid.NewGuid()}\n%%EOF\n");
            try
            {
                using var response = await SubmitAsync(client, AllTypesSlug, Body(answers, new JsonObject { ["doc"] = new JsonArray(FileEntry("f.pdf", "application/pdf", pdf)) }));
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    continue;
                }

                var body = await ReadJsonAsync(response);
                var expected = new JsonObject
                {
                    ["name"] = answers["name"]!.DeepClone(),
                    ["count"] = answers["count"]!.DeepClone(),
                    ["email"] = "taro@example.jp",
                    ["day"] = "2026-04-01",
                };
                acknowledged.Add(new Acknowledged(body["id"]!.GetValue<string>(), body["receiptNumber"]!.GetValue<string>(), expected, Convert.ToHexStringLower(SHA256.HashData(pdf))));
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // The server died under this request: no receipt was received, so nothing is promised.
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }
}
