using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Madoguchi.Server.Tests;

/// <summary>Drives the server-rendered pages like a browser without JavaScript: cookies, hidden tokens, redirects.</summary>
public static partial class PortalClient
{
    public static HttpClient Create(MadoguchiFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static string Token(string html) =>
        TokenPattern().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in page.");

    public static async Task<HttpClient> SignInAsync(MadoguchiFactory factory, TestTenant tenant)
    {
        var client = Create(factory);
        var page = await client.GetStringAsync("/staff/login");
        using var response = await client.PostAsync("/staff/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page),
            ["email"] = tenant.AdminEmail,
            ["password"] = tenant.AdminPassword,
            ["returnUrl"] = "/staff",
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
