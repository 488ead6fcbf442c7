using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Madoguchi.Data;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Madoguchi.Server.Tests;

/// <summary>
/// One in-process server per database provider, shared by all tests; every test makes its own tenant, so no test
/// depends on another's data. PostgreSQL comes from test.sh's throwaway cluster (MADOGUCHI_TEST_POSTGRES).
/// </summary>
public static class TestServers
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static TheoryData<string> Providers => new() { Sqlite, Postgres };

    private static readonly ConcurrentDictionary<string, Lazy<Task<MadoguchiFactory>>> Factories = new();

    public static Task<MadoguchiFactory> GetAsync(string provider) =>
        Factories.GetOrAdd(provider, p => new Lazy<Task<MadoguchiFactory>>(() => MadoguchiFactory.StartAsync(p))).Value;

    public static string PostgresAdminConnectionString =>
        Environment.GetEnvironmentVariable("MADOGUCHI_TEST_POSTGRES")
        ?? throw new InvalidOperationException("MADOGUCHI_TEST_POSTGRES is not set: run the tests through ./test.sh, which starts a throwaway PostgreSQL.");

    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var name = "mdg_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(PostgresAdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresAdminConnectionString) { Database = name }.ToString();
    }
}

public sealed class MadoguchiFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    private MadoguchiFactory(Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        _settings = settings;
        _services = services;
    }

    public string Provider => _settings["Madoguchi:Database:Provider"]!;

    public string DataDirectory => _settings["Madoguchi:DataDirectory"]!;

    /// <param name="services">Replacements registered after the host's own (a controlled clock, a resolver stub).</param>
    public static async Task<MadoguchiFactory> StartAsync(string provider, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "madoguchi-tests-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string?>
        {
            ["Madoguchi:DataDirectory"] = dataDirectory,
            ["Madoguchi:Database:Provider"] = provider,
            ["Madoguchi:Database:ConnectionString"] = provider == TestServers.Postgres ? await TestServers.CreatePostgresDatabaseAsync() : "",
            ["Madoguchi:SeedDemo"] = "false",
            ["Madoguchi:SecureCookies"] = "false",
            ["Madoguchi:MigrateAtStartup"] = "true",

            // Many tests share one server and one client address; the limiter has its own test.
            ["Madoguchi:RateLimits:PortalPostsPerMinute"] = "100000",
            ["Madoguchi:RateLimits:StatusLookupsPerMinute"] = "100000",
            ["Madoguchi:RateLimits:SignInsPerMinute"] = "100000",
            ["Madoguchi:RateLimits:AccountPostsPerMinute"] = "100000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new MadoguchiFactory(settings, services);
        _ = factory.Server; // starts the host, which migrates
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>A fresh tenant with an API key, an admin and a staff account of its own.</summary>
    public async Task<TestTenant> CreateTenantAsync()
    {
        var slug = "t" + Guid.NewGuid().ToString("N")[..10];
        var tenant = await DatabaseSetup.EnsureTenantAsync(Services, slug, "テスト市 " + slug, "Test city " + slug);
        using var scope = Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        var (_, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(tenant.Id, "tests", CancellationToken.None);
        var email = $"admin-{slug}@example.jp";
        const string Password = "correct horse battery staple";
        var (ok, errors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Id, email, "管理者", Password, Roles.Admin);
        Assert.True(ok, string.Join("; ", errors));
        var api = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return new TestTenant(this, tenant.Id, slug, secret, api, email, Password);
    }

    public AppDbContext NewSystemContext(out IServiceScope scope)
    {
        scope = Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<AppDbContext>();
    }
}

public sealed record TestTenant(MadoguchiFactory Factory, Guid Id, string Slug, string ApiKey, HttpClient Api, string AdminEmail, string AdminPassword);
