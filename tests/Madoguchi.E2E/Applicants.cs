using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Madoguchi.E2E;

/// <summary>Applicant accounts in the browser: signing up (the mailed link is read from the server's outbox) and in.</summary>
public static class Applicants
{
    public const string Password = "hotaru-koi-suisen";

    /// <summary>Samples whose definition says <c>requiresAccount</c>: the portal asks for sign-in before starting.</summary>
    public static bool RequiresAccount(string slug) => slug == Samples.BusinessSubsidy;

    /// <summary>Registers a new account, confirms it from the mailed link and signs in; returns the address.</summary>
    public static async Task<string> SignUpAsync(IPage page, MadoguchiServer server)
    {
        var email = $"applicant-{Samples.NewTag().ToLowerInvariant()}@example.jp";
        var account = $"/p/{Samples.Tenant}/account";
        await page.GotoAsync($"{account}/register");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#confirm").FillAsync(Password);
        await page.Locator("#register").ClickAsync();
        await Expect(page.Locator("#sent-notice")).ToBeVisibleAsync();
        await page.GotoAsync(new Uri(await MailedLinkAsync(server, "account.verify_email", email)).PathAndQuery);
        await page.Locator("#verify").ClickAsync();
        await Expect(page.Locator("#verified-notice")).ToBeVisibleAsync();
        await SignInAsync(page, email);
        return email;
    }

    public static async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync($"/p/{Samples.Tenant}/account/login");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(Password);
        await page.Locator("#sign-in").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/p/{Samples.Tenant}/my$"));
    }

    /// <summary>The link in the newest outbox mail of a type for an address, read from the server's database.</summary>
    public static async Task<string> MailedLinkAsync(MadoguchiServer server, string type, string email)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var connection = new SqliteConnection($"Data Source={server.DatabasePath};Mode=ReadOnly;Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"PayloadJson\" FROM \"OutboxMessages\" WHERE \"Type\" = $type ORDER BY \"Id\" DESC";
            command.Parameters.AddWithValue("$type", type);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var payload = JsonNode.Parse(reader.GetString(0))!;
                if ((string?)payload["email"] == email)
                {
                    return (string)payload["url"]!;
                }
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"No {type} mail for {email} in the outbox.");
    }
}
