using System.Diagnostics.CodeAnalysis;
using Whizbang.Tenancy;

namespace Whizbang.EventSourcing;

/// <summary>
/// Identifies a stream: the tenant it belongs to and its id within that tenant. Two tenants may use the same
/// id; every read and write is scoped to both. Single-tenant applications use <see cref="DefaultTenant"/>.
/// </summary>
public readonly record struct StreamId
{
    /// <summary>The tenant of single-tenant applications.</summary>
    public const string DefaultTenant = TenantIds.Default;

    /// <summary>The longest tenant or stream id accepted, in characters.</summary>
    public const int MaxLength = TenantIds.MaxLength;

    /// <summary>Creates a stream id, refusing empty, over-long, control-character or lone-surrogate ids with a clear error.</summary>
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

    private static void Validate([NotNull] string? value, string name) => TenantIds.Validate(value, name, name == "tenant" ? "stream tenant" : "stream id");
}
