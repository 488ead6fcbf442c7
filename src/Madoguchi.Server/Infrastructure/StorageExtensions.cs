using Madoguchi.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using System.Data.Common;

namespace Madoguchi.Server.Infrastructure;

public static class StorageExtensions
{
    /// <summary>The database (SQLite by default, PostgreSQL by configuration), tenancy, Data Protection keys and the file store.</summary>
    public static void AddStorage(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(MadoguchiOptions.Section).Get<MadoguchiOptions>() ?? new MadoguchiOptions();
        var dataDirectory = options.ResolveDataDirectory(builder.Environment.ContentRootPath);
        Directory.CreateDirectory(dataDirectory);

        builder.Services.Configure<MadoguchiOptions>(builder.Configuration.GetSection(MadoguchiOptions.Section));
        builder.Services.AddScoped<TenantScope>();
        builder.Services.AddScoped<ITenantContext>(sp => sp.GetRequiredService<TenantScope>());

        var provider = options.Database.Provider.Trim().ToUpperInvariant();
        switch (provider)
        {
            case "SQLITE":
                var sqlite = string.IsNullOrWhiteSpace(options.Database.ConnectionString)
                    ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "madoguchi.db"), Pooling = true }.ToString()
                    : options.Database.ConnectionString;
                builder.Services.AddPooledContexts(o => o.UseSqlite(sqlite, x => x.MigrationsAssembly("Madoguchi.Data.Sqlite"))
                    .AddInterceptors(new SqliteDurabilityInterceptor()));
                break;
            case "POSTGRES":
            case "POSTGRESQL":
                if (string.IsNullOrWhiteSpace(options.Database.ConnectionString))
                {
                    throw new InvalidOperationException(
                        "Madoguchi:Database:ConnectionString が必要です (PostgreSQL)。 / Madoguchi:Database:ConnectionString is required for PostgreSQL.");
                }

                // Sessions carry no state of ours, so the DISCARD ALL that Npgsql sends on every pooled open is pure cost.
                var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(options.Database.ConnectionString);
                if (!options.Database.ConnectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
                {
                    npgsql.NoResetOnClose = true;
                }

                // The same few statements run for every request: let PostgreSQL parse and plan them once per connection.
                if (!options.Database.ConnectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
                {
                    npgsql.MaxAutoPrepare = 50;
                    npgsql.AutoPrepareMinUsages = 2;
                }

                // A submission's answers are often 10-50 KB of UTF-8. With Npgsql's default 8 KB write buffer one insert
                // batch leaves in several send calls, each a system call and a wake-up of the PostgreSQL backend; with
                // 64 KB it leaves in one (a profile showed the sends at ~40 % of the server's save time).
                if (!options.Database.ConnectionString.Contains("Write Buffer Size", StringComparison.OrdinalIgnoreCase))
                {
                    npgsql.WriteBufferSize = 64 * 1024;
                }

                builder.Services.AddPooledContexts(o => o.UseNpgsql(npgsql.ConnectionString, x => x.MigrationsAssembly("Madoguchi.Data.Postgres").EnableRetryOnFailure(0)));
                break;
            default:
                throw new InvalidOperationException(
                    $"Madoguchi:Database:Provider の値 '{options.Database.Provider}' は使えません (sqlite または postgres)。 / Madoguchi:Database:Provider '{options.Database.Provider}' is not supported (use sqlite or postgres).");
        }

        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName("Madoguchi")
            .PersistKeysToDbContext<AppDbContext>();

        // Keys live in the database so every node shares them; a certificate kept outside the database (and its
        // backups) encrypts them at rest, so a stolen dump alone cannot decrypt access codes or forge cookies.
        if (options.DataProtectionCertificate is { Length: > 0 } certificatePath)
        {
            if (!File.Exists(certificatePath))
            {
                throw new InvalidOperationException(
                    $"Madoguchi:DataProtectionCertificate のファイル '{certificatePath}' がありません。 / The file '{certificatePath}' named by Madoguchi:DataProtectionCertificate does not exist.");
            }

            var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(
                certificatePath, options.DataProtectionCertificatePassword, System.Security.Cryptography.X509Certificates.X509KeyStorageFlags.EphemeralKeySet);
            dataProtection.ProtectKeysWithCertificate(certificate);
        }

        builder.Services.AddSingleton(sp => new FileStore(options.FileStorePath is { Length: > 0 } p ? Path.GetFullPath(p) : Path.Combine(dataDirectory, "files")));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
    }

    /// <summary>
    /// Contexts come from a pool (building options and internal services per request was a tenth of the CPU of an
    /// API submission). Every context handed out, by injection or by the factory, is bound to the tenant of the
    /// scope that asked for it, so a pooled context never carries a previous request's tenant.
    /// </summary>
    private static void AddPooledContexts(this IServiceCollection services, Action<DbContextOptionsBuilder<AppDbContext>> configure)
    {
        services.AddSingleton(sp =>
        {
            var options = new DbContextOptionsBuilder<AppDbContext>().UseLoggerFactory(sp.GetRequiredService<ILoggerFactory>());
            configure(options);
            return new PooledDbContextFactory<AppDbContext>(options.Options);
        });
        services.AddScoped<IDbContextFactory<AppDbContext>>(sp =>
            new TenantBoundContextFactory(sp.GetRequiredService<PooledDbContextFactory<AppDbContext>>(), sp.GetRequiredService<ITenantContext>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
    }

    private sealed class TenantBoundContextFactory(PooledDbContextFactory<AppDbContext> pool, ITenantContext tenant) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext()
        {
            var context = pool.CreateDbContext();
            context.Tenant = tenant;
            return context;
        }

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default)
        {
            var context = await pool.CreateDbContextAsync(cancellationToken);
            context.Tenant = tenant;
            return context;
        }
    }

    /// <summary>
    /// WAL for concurrent readers, synchronous=FULL so a commit survives power loss (NORMAL may drop the last commits),
    /// and a busy timeout so writers queue instead of failing.
    /// </summary>
    private sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;";
            command.ExecuteNonQuery();
        }
    }
}
