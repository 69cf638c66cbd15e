using Npgsql;
using NpgsqlTypes;

namespace Whizbang.Postgres;

/// <summary>
/// Typed positional parameters, shared by the store, the projection storage and inline sessions. The database type is
/// always given, so Npgsql never infers one from the value, and the generic parameters do not box.
/// </summary>
internal static class PostgresParameters
{
    public static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    public static NpgsqlParameter<long> BigInt(long value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Bigint };

    public static NpgsqlParameter<int> Integer(int value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Integer };

    public static NpgsqlParameter<short> SmallInt(short value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Smallint };

    /// <summary>A transaction id as events.transaction_id stores it (a global position's transaction part is never negative).</summary>
    public static NpgsqlParameter<ulong> Xid8(long value) => new() { TypedValue = (ulong)value, NpgsqlDbType = NpgsqlDbType.Xid8 };

    public static NpgsqlParameter<Guid> Uuid(Guid value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Uuid };

    /// <summary>A time as timestamptz takes it: in UTC (Npgsql refuses other offsets).</summary>
    public static NpgsqlParameter<DateTimeOffset> TimestampTz(DateTimeOffset value)
        => new() { TypedValue = new DateTimeOffset(value.UtcTicks, TimeSpan.Zero), NpgsqlDbType = NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter<string[]> TextArray(string[] values) => new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };

    public static NpgsqlParameter<long[]> BigIntArray(long[] values) => new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint };
}
