using Npgsql;

namespace Whizbang.Messaging.Benchmarks;

/// <summary>The services' databases: one schema each on the run's server, dropped first so that every run starts empty.</summary>
internal static class Schemas
{
    /// <summary>The schema that is <paramref name="service"/>'s database.</summary>
    public static string Of(string service) => "msgbench_" + service;

    public static async Task DropAsync(string connectionString, params string[] schemas)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var schema in schemas)
        {
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
