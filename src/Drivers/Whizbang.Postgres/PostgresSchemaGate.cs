using Microsoft.Extensions.Logging;
using Npgsql;
using Whizbang.Postgres.Schema;

namespace Whizbang.Postgres;

/// <summary>
/// Creates or migrates a store's schema once per instance, before its first command: the event store, the projection
/// storage and the message store each hold one. A failed attempt (server down, no permission) is not remembered, so
/// the next call tries again.
/// </summary>
internal sealed class PostgresSchemaGate(NpgsqlDataSource dataSource, string schema, bool requireRowLevelSecurity, ILogger logger)
{
    private readonly Lock _gate = new();
    private Task? _ready;

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _ready) is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = PostgresSchema.EnsureAsync(dataSource, schema, requireRowLevelSecurity, logger, CancellationToken.None);
            }

            return _ready.WaitAsync(cancellationToken);
        }
    }
}
