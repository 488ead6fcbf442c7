using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Localization;

namespace Madoguchi.Server.Infrastructure;

/// <summary>
/// UI text. Every key lives once in Resources/ui.json with its ja and en text side by side, so a missing
/// translation is visible in review and caught by a test.
/// </summary>
public sealed class UiText
{
    private readonly FrozenDictionary<string, (string Ja, string En)> _texts;

    public UiText()
    {
        using var stream = typeof(UiText).Assembly.GetManifestResourceStream("Madoguchi.Server.Resources.ui.json")
            ?? throw new InvalidOperationException("ui.json resource missing.");
        var raw = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(stream)
            ?? throw new InvalidOperationException("ui.json is empty.");
        _texts = raw.ToFrozenDictionary(kv => kv.Key, kv => (kv.Value.GetValueOrDefault("ja") ?? "", kv.Value.GetValueOrDefault("en") ?? ""));
    }

    public IEnumerable<string> Keys => _texts.Keys;

    public (string Ja, string En) Both(string key) =>
        _texts.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"UI text '{key}' is not defined.");

    /// <summary>The text in the current UI culture (ja unless English was chosen).</summary>
    public string Get(string key)
    {
        var (ja, en) = Both(key);
        return IsEnglish(CultureInfo.CurrentUICulture) ? en : ja;
    }

    public string Format(string key, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, Get(key), args);

    public static bool IsEnglish(CultureInfo culture) => culture.TwoLetterISOLanguageName == "en";

    public static string CurrentLanguage => IsEnglish(CultureInfo.CurrentUICulture) ? "en" : "ja";
}

public static class LocalizationExtensions
{
    public static readonly string[] Cultures = ["ja", "en"];

    public static void AddUiText(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<UiText>();

        // Emit Japanese as UTF-8 text, not numeric character references: a third of the page weight, and readable source.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.SetDefaultCulture("ja").AddSupportedCultures(Cultures).AddSupportedUICultures(Cultures);
            o.RequestCultureProviders =
            [
                new QueryStringRequestCultureProvider { QueryStringKey = "lang", UIQueryStringKey = "lang" },
                new CookieRequestCultureProvider(),
            ];
        });
    }

    /// <summary>Applies the culture and remembers an explicit ?lang= choice in a cookie.</summary>
    public static void UseUiCulture(this WebApplication app)
    {
        app.UseRequestLocalization();
        app.Use(async (context, next) =>
        {
            if (context.Request.Query.TryGetValue("lang", out var lang) && Cultures.Contains(lang.ToString()))
            {
                context.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(lang.ToString())),
                    new CookieOptions { IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365) });
            }

            await next();
        });
    }
}
