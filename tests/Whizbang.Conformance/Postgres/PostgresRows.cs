using Npgsql;
using Whizbang.Postgres;

namespace Whizbang.Conformance.Postgres;

/// <summary>What raw SQL finds in a schema, read outside any tenant (so row-level security shows every tenant's rows).</summary>
internal static class PostgresRows
{
    /// <summary>The rows of <paramref name="schema"/>.<paramref name="table"/> per tenant (ordinal order), or null when the table does not exist.</summary>
    public static async Task<IReadOnlyList<(string Tenant, long Rows)>?> PerTenantAsync(NpgsqlDataSource dataSource, string schema, string table)
    {
        await using var transaction = await dataSource.BeginTenantTransactionAsync();
        await using (var exists = transaction.CreateCommand("SELECT to_regclass($1) IS NOT NULL"))
        {
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = $"\"{schema}\".{table}" });
            if (!(bool)(await exists.ExecuteScalarAsync())!)
            {
                return null;
            }
        }

        await using var count = transaction.CreateCommand($"SELECT tenant_id COLLATE \"C\", count(*) FROM \"{schema}\".{table} GROUP BY 1 ORDER BY 1");
        var rows = new List<(string Tenant, long Rows)>();
        await using var reader = await count.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1)));
        }

        return rows;
    }

    public static async Task<bool> SchemaExistsAsync(NpgsqlDataSource dataSource, string schema)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = $1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
