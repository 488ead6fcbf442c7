using System.Net;

namespace Madoguchi.Server.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Status_lookups_and_sign_ins_beyond_the_limit_get_429_with_retry_after()
    {
        await using var factory = await MadoguchiFactory.StartAsync(TestServers.Sqlite, new Dictionary<string, string?>
        {
            ["Madoguchi:RateLimits:StatusLookupsPerMinute"] = "3",
            ["Madoguchi:RateLimits:SignInsPerMinute"] = "2",
        });
        var tenant = await factory.CreateTenantAsync();
        var client = PortalClient.Create(factory);
        var form = await client.GetStringAsync($"/status?tenant={tenant.Slug}");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await PortalFlowTests.PostFormAsync(client, "/status", form, new() { ["tenant"] = tenant.Slug, ["receipt"] = "AAAA-AAAA-A", ["code"] = "0000-0000-0000-0000" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
                Assert.Contains("Too many requests", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.UnprocessableEntity, HttpStatusCode.TooManyRequests], statuses);

        var login = await client.GetStringAsync("/staff/login");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await PortalFlowTests.PostFormAsync(client, "/staff/login", login, new() { ["email"] = "nobody@example.jp", ["password"] = "wrong password" });
            codes.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], codes);
    }
}
