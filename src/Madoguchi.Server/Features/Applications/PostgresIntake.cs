using System.Collections.Concurrent;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace Madoguchi.Server.Features.Applications;

/// <summary>The API key a request was authenticated with from memory; the write it makes must confirm it is still active.</summary>
public sealed class ApiKeyRevokedException() : Exception("The API key was revoked.");

/// <summary>
/// Writes a new application's rows on PostgreSQL in one round trip without EF Core's change tracker: one batch of
/// INSERTs (run by PostgreSQL as one implicit transaction, so all or nothing) built from the EF Core model, so the
/// columns, names and value conversions are exactly those of the model and follow it when it changes. When the
/// request's API key was taken from memory, the batch starts with a statement that fails unless the key is still
/// active, so a revoked key writes nothing (<see cref="ApiKeyRevokedException"/>).
/// </summary>
public static class PostgresIntake
{
    public const string ProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private static readonly ConcurrentDictionary<(IModel Model, Type Type), InsertShape> Shapes = new();
    private static readonly ConcurrentDictionary<IModel, string> KeyChecks = new();

    public static bool IsPostgres(AppDbContext db) => db.Database.ProviderName == ProviderName;

    /// <summary>Inserts the entities (principals first, as given) in one batch; throws <see cref="PostgresException"/> as PostgreSQL reports.</summary>
    public static async Task InsertAsync(AppDbContext db, Guid? recheckApiKeyId, IReadOnlyList<object> entities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entities);

        // The same tenant rules as AppDbContext.SaveChanges: a row belongs to the scope's tenant, never another.
        foreach (var owned in entities.OfType<ITenantOwned>())
        {
            if (owned.TenantId == Guid.Empty || (db.CurrentTenantId is { } tenantId && owned.TenantId != tenantId))
            {
                throw new InvalidOperationException("A row without a tenant or of another tenant was about to be written.");
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await using var batch = new NpgsqlBatch(connection);
            if (recheckApiKeyId is { } keyId)
            {
                var check = new NpgsqlBatchCommand(KeyChecks.GetOrAdd(db.Model, KeyCheckSql));
                check.Parameters.Add(new NpgsqlParameter { Value = keyId });
                batch.BatchCommands.Add(check);
            }

            foreach (var entity in entities)
            {
                var shape = Shapes.GetOrAdd((db.Model, entity.GetType()), static k => InsertShape.Of(k.Model, k.Type));
                batch.BatchCommands.Add(shape.Command(entity));
            }

            try
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DivisionByZero && recheckApiKeyId is not null)
            {
                throw new ApiKeyRevokedException();
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // 1 / 0 when the key is gone or revoked: the error aborts the batch's implicit transaction before any row is written.
    private static string KeyCheckSql(IModel model)
    {
        var type = model.FindEntityType(typeof(ApiKey)) ?? throw new InvalidOperationException("ApiKey is not in the model.");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        string Column(string property) => Quote(type.FindProperty(property)!.GetColumnName(table)!);
        return $"SELECT 1 / COUNT(*) FROM {QuoteTable(type)} WHERE {Column(nameof(ApiKey.Id))} = $1 AND {Column(nameof(ApiKey.RevokedAt))} IS NULL";
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string QuoteTable(IEntityType type) =>
        (type.GetSchema() is { } schema ? Quote(schema) + "." : "") + Quote(type.GetTableName()!);

    /// <summary>One entity type's INSERT: every mapped column except keys the database generates (identity columns).</summary>
    private sealed class InsertShape
    {
        private readonly string _sql;
        private readonly IProperty[] _properties;

        private InsertShape(string sql, IProperty[] properties)
        {
            _sql = sql;
            _properties = properties;
        }

        public static InsertShape Of(IModel model, Type clrType)
        {
            var type = model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not in the model.");
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            var properties = type.GetProperties()
                .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never && p.ClrType is var t && (t == typeof(long) || t == typeof(int))))
                .Where(p => p.GetColumnName(table) is not null)
                .ToArray();
            var columns = string.Join(", ", properties.Select(p => Quote(p.GetColumnName(table)!)));
            var values = string.Join(", ", properties.Select((_, i) => "$" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return new InsertShape($"INSERT INTO {QuoteTable(type)} ({columns}) VALUES ({values})", properties);
        }

        public NpgsqlBatchCommand Command(object entity)
        {
            var command = new NpgsqlBatchCommand(_sql);
            foreach (var property in _properties)
            {
                var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
                if (value is not null && property.GetTypeMapping().Converter is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            return command;
        }
    }
}
