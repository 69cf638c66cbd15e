using Npgsql;

namespace Whizbang.Postgres;

/// <summary>
/// A database transaction confined to one tenant (or to none), from
/// <see cref="PostgresTenancy.BeginTenantTransactionAsync(NpgsqlDataSource, CancellationToken)"/>: run SQL of your own
/// on <see cref="Connection"/> within <see cref="Transaction"/>, or through <see cref="CreateCommand"/> and
/// <see cref="CreateBatch"/>. Disposing it rolls back what was not committed and returns the connection to the pool.
/// </summary>
/// <remarks>
/// The confinement is a transaction-local setting: it ends with the transaction, so run every statement inside it
/// (do not commit and carry on with the connection), and do not change <c>whizbang.tenant</c> or
/// <c>whizbang.all_tenants</c> yourself.
/// </remarks>
public sealed class PostgresTenantTransaction : IAsyncDisposable
{
    internal PostgresTenantTransaction(NpgsqlConnection connection, NpgsqlTransaction transaction, string? tenant)
    {
        Connection = connection;
        Transaction = transaction;
        Tenant = tenant;
    }

    /// <summary>The tenant whose rows the transaction sees and may write; null when it sees every tenant's.</summary>
    public string? Tenant { get; }

    /// <summary>The open connection the transaction runs on.</summary>
    public NpgsqlConnection Connection { get; }

    /// <summary>The transaction; pass it to commands you create on <see cref="Connection"/> yourself.</summary>
    public NpgsqlTransaction Transaction { get; }

    /// <summary>A command on <see cref="Connection"/> within <see cref="Transaction"/>.</summary>
    /// <param name="sql">The statement; use positional parameters (<c>$1</c>) or named ones as with any <see cref="NpgsqlCommand"/>.</param>
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    /// <summary>A batch on <see cref="Connection"/> within <see cref="Transaction"/>.</summary>
    public NpgsqlBatch CreateBatch() => new(Connection, Transaction);

    /// <summary>Commits the transaction.</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    /// <summary>Rolls the transaction back.</summary>
    public Task RollbackAsync(CancellationToken cancellationToken = default) => Transaction.RollbackAsync(cancellationToken);

    /// <summary>Rolls back what was not committed and returns the connection to the pool.</summary>
    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync().ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }
}
