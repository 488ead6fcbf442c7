using Madoguchi.Data;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Madoguchi.Server.Features.Admin;

/// <summary>
/// Operator commands run by the same executable:
///   migrate · tenant create --slug S --name N [--name-en E] · admin create --email E [--tenant S] [--password P] [--role staff]
///   apikey create --name N [--tenant S]
/// </summary>
public static class OperatorCommands
{
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && args[0] is "migrate" or "tenant" or "admin" or "apikey" or "help" or "--help";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(args);
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MadoguchiOptions>>().Value;
        string? Opt(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        try
        {
            switch (args)
            {
                case ["migrate", ..]:
                    await DatabaseSetup.MigrateAsync(app.Services);
                    Console.WriteLine("マイグレーション完了 / migrations applied");
                    return 0;
                case ["tenant", "create", ..]:
                {
                    var slug = Opt("--slug");
                    var name = Opt("--name");
                    if (slug is null || name is null)
                    {
                        return Usage("tenant create --slug <slug> --name <名称> [--name-en <name>]");
                    }

                    await DatabaseSetup.MigrateAsync(app.Services);
                    var tenant = await DatabaseSetup.EnsureTenantAsync(app.Services, slug, name, Opt("--name-en"));
                    Console.WriteLine($"tenant {tenant.Slug} {tenant.Id}");
                    return 0;
                }

                case ["admin", "create", ..]:
                {
                    var email = Opt("--email");
                    if (email is null)
                    {
                        return Usage("admin create --email <email> [--tenant <slug>] [--password <password>] [--role admin|staff]");
                    }

                    var role = Opt("--role") ?? Roles.Admin;
                    if (!Roles.All.Contains(role))
                    {
                        return Usage("--role は admin または staff / --role must be admin or staff");
                    }

                    await DatabaseSetup.MigrateAsync(app.Services);
                    var tenant = await FindTenantAsync(app.Services, Opt("--tenant") ?? options.DefaultTenant);
                    if (tenant is null)
                    {
                        return Fail("団体が見つかりません (先に tenant create) / tenant not found (run tenant create first)");
                    }

                    var password = Opt("--password") ?? "mdg-" + Secrets.NewAccessCode().ToLowerInvariant();
                    using var scope = app.Services.CreateScope();
                    var (ok, errors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Value, email, email, password, role);
                    if (!ok)
                    {
                        return Fail(string.Join("; ", errors));
                    }

                    Console.WriteLine($"user {email} ({role})");
                    if (Opt("--password") is null)
                    {
                        Console.WriteLine($"password {password}");
                    }

                    return 0;
                }

                case ["apikey", "create", ..]:
                {
                    var name = Opt("--name");
                    if (name is null)
                    {
                        return Usage("apikey create --name <name> [--tenant <slug>]");
                    }

                    await DatabaseSetup.MigrateAsync(app.Services);
                    var tenant = await FindTenantAsync(app.Services, Opt("--tenant") ?? options.DefaultTenant);
                    if (tenant is null)
                    {
                        return Fail("団体が見つかりません / tenant not found");
                    }

                    using var scope = app.Services.CreateScope();
                    scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Value);
                    var (key, secret) = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync(tenant.Value, name, CancellationToken.None);
                    Console.WriteLine($"apikey {key.Id}");
                    Console.WriteLine(secret);
                    return 0;
                }

                default:
                    return Usage("migrate | tenant create | admin create | apikey create");
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            return Fail(ex.Message);
        }
    }

    private static async Task<Guid?> FindTenantAsync(IServiceProvider services, string slug)
    {
        using var scope = services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().Tenants
            .Where(t => t.Slug == slug).Select(t => (Guid?)t.Id).SingleOrDefaultAsync();
    }

    private static int Usage(string text)
    {
        Console.Error.WriteLine("使い方 / usage: Madoguchi.Server " + text);
        return 2;
    }

    private static int Fail(string text)
    {
        Console.Error.WriteLine("エラー / error: " + text);
        return 1;
    }
}
