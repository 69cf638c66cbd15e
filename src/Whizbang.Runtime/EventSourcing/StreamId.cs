using System.Diagnostics.CodeAnalysis;

namespace Whizbang.EventSourcing;

/// <summary>
/// Identifies a stream: the tenant it belongs to and its id within that tenant. Two tenants may use the same
/// id; every read and write is scoped to both. Single-tenant applications use <see cref="DefaultTenant"/>.
/// </summary>
public readonly record struct StreamId
{
    /// <summary>The tenant of single-tenant applications.</summary>
    public const string DefaultTenant = "default";

    /// <summary>The longest tenant or stream id accepted, in characters.</summary>
    public const int MaxLength = 200;

    /// <summary>Creates a stream id, refusing empty, over-long or control-character ids with a clear error.</summary>
    /// <exception cref="ArgumentException">The tenant or id is not valid.</exception>
    public StreamId(string tenant, string id)
    {
        Validate(tenant, nameof(tenant));
        Validate(id, nameof(id));
        Tenant = tenant;
        Id = id;
    }

    /// <summary>The tenant the stream belongs to.</summary>
    public string Tenant { get; }

    /// <summary>The stream's id within its tenant.</summary>
    public string Id { get; }

    /// <summary>A stream of the default tenant.</summary>
    public static StreamId ForDefaultTenant(string id) => new(DefaultTenant, id);

    /// <inheritdoc />
    public override string ToString() => $"{Tenant}/{Id}";

    private static void Validate([NotNull] string? value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (value.Length is 0 or > MaxLength)
        {
            throw new ArgumentException($"A stream {name} must be 1 to {MaxLength} characters long; got {value.Length}.", name);
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                throw new ArgumentException($"A stream {name} must not contain control characters; got U+{(int)c:X4} in '{value.Replace(c, '?')}'.", name);
            }
        }
    }
}
