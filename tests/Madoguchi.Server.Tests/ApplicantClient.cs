using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.PortalFlowTests;

namespace Madoguchi.Server.Tests;

/// <summary>Drives the applicant account pages like a browser without JavaScript; mail links come from the outbox.</summary>
public static class ApplicantClient
{
    public const string Password = "ringo-mikan-budou";
    public const string SimpleSlug = "simple";

    public static string SimpleJson(string slug = SimpleSlug, bool requiresAccount = false) => $$"""
    {
      "format": 1,
      "slug": "{{slug}}",
      "title": { "ja": "簡単な届出", "en": "Simple notice" },
      "department": { "ja": "市民課", "en": "Citizens Division" },
      {{(requiresAccount ? "\"requiresAccount\": true," : "")}}
      "applicantNameField": "name",
      "pages": [
        { "id": "p1", "title": { "ja": "届出", "en": "Notice" },
          "fields": [ { "id": "name", "type": "text", "label": { "ja": "氏名", "en": "Name" }, "required": true } ] }
      ]
    }
    """;

    public static async Task PublishSimpleAsync(TestTenant tenant, string slug = SimpleSlug, bool requiresAccount = false)
    {
        using var create = await tenant.Api.PostAsync("/api/v1/procedures", new StringContent(SimpleJson(slug, requiresAccount), Encoding.UTF8, "application/json"));
        Assert.True(create.IsSuccessStatusCode, await create.Content.ReadAsStringAsync());
        using var publish = await tenant.Api.PostAsync($"/api/v1/procedures/{slug}/publish", null);
        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
    }

    public static async Task<HttpResponseMessage> RegisterAsync(HttpClient client, string tenant, string email, string password = Password)
    {
        var page = await client.GetStringAsync($"/p/{tenant}/account/register");
        return await PostFormAsync(client, $"/p/{tenant}/account/register", page, new() { ["email"] = email, ["password"] = password, ["confirm"] = password });
    }

    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string tenant, string email, string password = Password, string? returnUrl = null)
    {
        var page = await client.GetStringAsync($"/p/{tenant}/account/login");
        var values = new Dictionary<string, string> { ["email"] = email, ["password"] = password };
        if (returnUrl is not null)
        {
            values["returnUrl"] = returnUrl;
        }

        return await PostFormAsync(client, $"/p/{tenant}/account/login", page, values);
    }

    /// <summary>Opens the link of a verify or reset mail (GET shows a form) and presses its button.</summary>
    public static async Task<HttpResponseMessage> VerifyAsync(HttpClient client, string url)
    {
        var uri = new Uri(url);
        var page = await client.GetStringAsync(uri.PathAndQuery);
        var token = System.Web.HttpUtility.ParseQueryString(uri.Query)["token"]!;
        return await PostFormAsync(client, uri.AbsolutePath, page, new() { ["token"] = token });
    }

    /// <summary>A registered, verified and signed-in applicant.</summary>
    public static async Task<(HttpClient Client, string Email)> SignedInAsync(TestTenant tenant)
    {
        var client = PortalClient.Create(tenant.Factory);
        var email = $"taro-{Guid.NewGuid():N}@example.jp";
        using (var registered = await RegisterAsync(client, tenant.Slug, email))
        {
            Assert.Equal(HttpStatusCode.Redirect, registered.StatusCode);
        }

        var link = (await OutboxAsync(tenant, "account.verify_email")).Last(m => (string?)m["email"] == email);
        using (var verified = await VerifyAsync(client, (string)link["url"]!))
        {
            Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        }

        using (var signedIn = await SignInAsync(client, tenant.Slug, email))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        return (client, email);
    }

    /// <summary>Payloads of the tenant's outbox messages of one type, oldest first.</summary>
    public static async Task<List<JsonObject>> OutboxAsync(TestTenant tenant, string type)
    {
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.Type == type).OrderBy(m => m.Id).Select(m => m.PayloadJson).ToListAsync();
        return [.. rows.Select(r => (JsonObject)JsonNode.Parse(r)!)];
    }

    /// <summary>Runs something against the tenant's database and services, as the host would inside a request.</summary>
    public static async Task<T> WithTenantAsync<T>(TestTenant tenant, Func<IServiceProvider, AppDbContext, Task<T>> action)
    {
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        return await action(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Fills and submits the simple procedure through the portal; returns the receipt number.</summary>
    public static async Task<string> SubmitSimpleAsync(HttpClient client, string tenant, string name = "山田 太郎", string slug = SimpleSlug)
    {
        var landing = await client.GetStringAsync($"/p/{tenant}/{slug}");
        using var start = await PostFormAsync(client, $"/p/{tenant}/{slug}/start", landing, new());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var baseUrl = start.Headers.Location!.OriginalString[..^2];
        var page = await client.GetStringAsync(baseUrl + "/1");
        using (var next = await PostFormAsync(client, baseUrl + "/1", page, new() { ["a.name"] = name, ["action"] = "next" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        }

        var confirm = await client.GetStringAsync(baseUrl + "/confirm");
        using (var submit = await PostFormAsync(client, baseUrl + "/submit", confirm, new()))
        {
            Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        }

        var done = await client.GetStringAsync(baseUrl + "/done");
        return System.Text.RegularExpressions.Regex.Match(done, "id=\"receipt-number\">([^<]+)<").Groups[1].Value;
    }

    public static async Task<Application> ApplicationAsync(TestTenant tenant, string receipt) =>
        await WithTenantAsync(tenant, (_, db) => db.Applications.AsNoTracking().SingleAsync(a => a.ReceiptNumber == receipt));
}
