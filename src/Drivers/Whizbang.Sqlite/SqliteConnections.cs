using Microsoft.Data.Sqlite;

namespace Whizbang.Sqlite;

/// <summary>
/// Opens connections to one SQLite database for a store (the event store, the projection storage and the message store
/// each hold one), after creating or migrating its schema once. A failed attempt (file locked, directory missing) is not
/// remembered, so the next open tries again.
/// </summary>
internal sealed class SqliteConnections
{
    private readonly Lock _gate = new();
    private Task? _schema;

    public SqliteConnections(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ConnectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string ConnectionString { get; }

    /// <summary>The database file, so that two stores can tell whether they share one (see <see cref="SqliteDatabase"/>).</summary>
    public string DataSource => SqliteDatabase.Of(ConnectionString);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>A command on <paramref name="connection"/>, inside <paramref name="transaction"/> when there is one.</summary>
    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _schema) is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_schema is null || _schema.IsFaulted || _schema.IsCanceled)
            {
                _schema = CreateSchemaAsync();
            }

            return _schema.WaitAsync(cancellationToken);
        }
    }

    private async Task CreateSchemaAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await SqliteSchema.EnsureAsync(connection, CancellationToken.None).ConfigureAwait(false);
    }
}
