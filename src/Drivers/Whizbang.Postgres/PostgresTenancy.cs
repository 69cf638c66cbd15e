using System.Data;
using Npgsql;
using Whizbang.Tenancy;

namespace Whizbang.Postgres;

/// <summary>Database-enforced tenant isolation for SQL of your own over Whizbang's tables.</summary>
public static class PostgresTenancy
{
    /// <summary>
    /// Opens a connection from <paramref name="dataSource"/> and begins a transaction confined the way Whizbang confines
    /// its own: to the tenant the current code runs for (<see cref="TenantContext.IsolatedTenant"/>, from the enclosing
    /// <see cref="TenantScope"/> or dispatch), or to no tenant outside any tenant and inside a
    /// <see cref="CrossTenantAccess"/> grant. Row-level security then filters every statement on the transaction's
    /// connection: under tenant A, <c>SELECT * FROM whizbang.events</c> returns only A's events, and an insert of
    /// another tenant's row fails (SQLSTATE 42501).
    /// </summary>
    /// <example>
    /// <code>
    /// using (TenantScope.Begin("acme"))
    /// {
    ///     await using var tenant = await dataSource.BeginTenantTransactionAsync(ct);
    ///     await using var command = tenant.CreateCommand("SELECT count(*) FROM whizbang.events WHERE event_name = $1");
    ///     command.Parameters.Add(new NpgsqlParameter&lt;string&gt; { TypedValue = "OrderPlaced" });
    ///     var placed = (long)(await command.ExecuteScalarAsync(ct))!; // acme's orders only
    ///     await tenant.CommitAsync(ct);
    /// }
    /// </code>
    /// </example>
    /// <param name="dataSource">The data source the event store uses (the same database and role).</param>
    /// <param name="cancellationToken">Cancels opening the connection and the transaction.</param>
    /// <returns>The transaction, with its settings applied; dispose it to roll back what was not committed and return the connection to the pool.</returns>
    /// <remarks>
    /// The confinement is taken when the transaction begins and holds until it ends, whatever scope the code enters
    /// later. Like Whizbang's own, it is enforced only for a role without SUPERUSER and BYPASSRLS, and only on the
    /// tables Whizbang creates; see docs/postgres-tenancy.md.
    /// </remarks>
    public static Task<PostgresTenantTransaction> BeginTenantTransactionAsync(this NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
        => BeginTenantTransactionAsync(dataSource, IsolationLevel.ReadCommitted, cancellationToken);

    /// <inheritdoc cref="BeginTenantTransactionAsync(NpgsqlDataSource, CancellationToken)"/>
    /// <param name="dataSource">The data source the event store uses (the same database and role).</param>
    /// <param name="isolationLevel">The transaction's isolation level.</param>
    /// <param name="cancellationToken">Cancels opening the connection and the transaction.</param>
    public static async Task<PostgresTenantTransaction> BeginTenantTransactionAsync(
        this NpgsqlDataSource dataSource, IsolationLevel isolationLevel, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        var tenant = TenantContext.IsolatedTenant;
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        NpgsqlTransaction? transaction = null;
        try
        {
            // BEGIN travels with the settings: one round trip.
            transaction = await connection.BeginTransactionAsync(isolationLevel, cancellationToken).ConfigureAwait(false);
            await using (var settings = PostgresTenantSettings.CreateBatch(connection, transaction, tenant))
            {
                await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            return new PostgresTenantTransaction(connection, transaction, tenant);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync().ConfigureAwait(false);
            }

            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
