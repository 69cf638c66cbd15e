using Npgsql;
using Whizbang.Tenancy;
using static Whizbang.Postgres.PostgresParameters;

namespace Whizbang.Postgres;

/// <summary>
/// Confines each transaction the driver runs to the tenant the code runs for, which the tables' row-level security
/// policies (migration 3) then enforce. Every batch the driver sends starts with <see cref="Sql"/>, which sets
/// <c>whizbang.tenant</c> to <see cref="TenantContext.IsolatedTenant"/> and <c>whizbang.all_tenants</c> to
/// <c>'off'</c>, or, when the code may see every tenant, <c>whizbang.all_tenants</c> to <c>'on'</c>.
/// </summary>
/// <remarks>
/// The settings are transaction-local (<c>set_config(..., true)</c>), so they end with the transaction and never reach
/// the next user of a pooled connection. A batch without an explicit transaction runs as one implicit transaction, so
/// the settings cover its statements and cost no round trip of their own; in an explicit transaction the batch that
/// opens it carries them. The statement's text never changes (the tenant is a parameter), so it is prepared once per
/// physical connection like the others.
/// </remarks>
internal static class PostgresTenantSettings
{
    public const string Sql = "SELECT set_config('whizbang.tenant', $1, true), set_config('whizbang.all_tenants', $2, true)";

    /// <summary>The settings command for code confined to <paramref name="isolatedTenant"/>, or to none when null.</summary>
    public static NpgsqlBatchCommand Command(string? isolatedTenant)
    {
        // Tenant ids are never empty, so '' matches no row.
        var command = new NpgsqlBatchCommand(Sql);
        command.Parameters.Add(Text(isolatedTenant ?? string.Empty));
        command.Parameters.Add(Text(isolatedTenant is null ? "on" : "off"));
        return command;
    }

    /// <summary>A batch whose first command confines its transaction to the current code's tenant (<see cref="TenantContext.IsolatedTenant"/>).</summary>
    public static NpgsqlBatch CreateBatch(NpgsqlConnection connection, NpgsqlTransaction? transaction = null)
        => CreateBatch(connection, transaction, TenantContext.IsolatedTenant);

    /// <summary>A batch whose first command confines its transaction to <paramref name="isolatedTenant"/> (every tenant when null).</summary>
    public static NpgsqlBatch CreateBatch(NpgsqlConnection connection, NpgsqlTransaction? transaction, string? isolatedTenant)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(isolatedTenant));
        return batch;
    }

    /// <summary>Adds a statement with its positional parameters to <paramref name="batch"/>, and returns it.</summary>
    public static NpgsqlBatchCommand Add(this NpgsqlBatch batch, string sql, params ReadOnlySpan<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter);
        }

        batch.BatchCommands.Add(command);
        return command;
    }

    /// <summary>Runs a batch from <see cref="CreateBatch(NpgsqlConnection, NpgsqlTransaction?)"/>, returning its reader on the first result after the settings'.</summary>
    public static async Task<NpgsqlDataReader> ExecuteReaderAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A failure of a later statement surfaces here.
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            return reader;
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The first column of the first row of the statement after the settings, or null when it returned no row or NULL.</summary>
    public static async Task<object?> ExecuteScalarAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        await using var reader = await ExecuteReaderAsync(batch, cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && !reader.IsDBNull(0) ? reader.GetValue(0) : null;
    }

    /// <summary>
    /// True when a row-level security policy (or <c>raise_version_conflict</c>, for an exact-version claim) refused a
    /// write for a tenant other than <paramref name="isolatedTenant"/>: SQLSTATE 42501. Without a tenant to be confined
    /// to, a 42501 is a missing privilege, not a crossing.
    /// </summary>
    public static bool IsCrossTenantRefusal(PostgresException error, string? isolatedTenant, string requestedTenant)
        => error.SqlState == PostgresErrorCodes.InsufficientPrivilege
            && isolatedTenant is not null
            && !string.Equals(isolatedTenant, requestedTenant, StringComparison.Ordinal);
}
