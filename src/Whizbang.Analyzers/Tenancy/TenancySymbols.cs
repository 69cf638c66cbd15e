using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Whizbang.Analyzers.Tenancy;

/// <summary>
/// The tenancy attributes and handler interfaces of Whizbang.Runtime, resolved once per compilation, and the questions
/// WHIZ105 and WHIZ106 ask of them.
/// </summary>
internal sealed class TenancySymbols
{
    private static readonly string[] HandlerInterfaceNames =
    [
        "Whizbang.Messaging.ICommandHandler`1",
        "Whizbang.Messaging.ICommandHandler`2",
        "Whizbang.Messaging.IQueryHandler`2",
        "Whizbang.Messaging.IEventHandler`1",
    ];

    private readonly INamedTypeSymbol[] _handlerInterfaces;

    private TenancySymbols(INamedTypeSymbol tenantAgnostic, INamedTypeSymbol crossTenant, INamedTypeSymbol crossTenantAccess, INamedTypeSymbol[] handlerInterfaces)
    {
        TenantAgnostic = tenantAgnostic;
        CrossTenant = crossTenant;
        CrossTenantAccess = crossTenantAccess;
        _handlerInterfaces = handlerInterfaces;
    }

    public INamedTypeSymbol TenantAgnostic { get; }

    public INamedTypeSymbol CrossTenant { get; }

    public INamedTypeSymbol CrossTenantAccess { get; }

    /// <summary>The symbols, or null when the compilation does not reference a Whizbang.Runtime with tenancy attributes.</summary>
    public static TenancySymbols? From(Compilation compilation)
    {
        var tenantAgnostic = compilation.GetTypeByMetadataName("Whizbang.Tenancy.TenantAgnosticAttribute");
        var crossTenant = compilation.GetTypeByMetadataName("Whizbang.Tenancy.CrossTenantAttribute");
        var crossTenantAccess = compilation.GetTypeByMetadataName("Whizbang.Tenancy.CrossTenantAccess");
        if (tenantAgnostic is null || crossTenant is null || crossTenantAccess is null)
        {
            return null;
        }

        var handlerInterfaces = new INamedTypeSymbol[HandlerInterfaceNames.Length];
        for (var i = 0; i < HandlerInterfaceNames.Length; i++)
        {
            if (compilation.GetTypeByMetadataName(HandlerInterfaceNames[i]) is not { } handlerInterface)
            {
                return null;
            }

            handlerInterfaces[i] = handlerInterface;
        }

        return new TenancySymbols(tenantAgnostic, crossTenant, crossTenantAccess, handlerInterfaces);
    }

    /// <summary>Whether <paramref name="symbol"/> itself carries <c>[TenantAgnostic]</c> (the attribute is not inherited).</summary>
    public bool IsTenantAgnostic(ISymbol symbol) => Has(symbol, TenantAgnostic);

    /// <summary>Whether <paramref name="message"/> is marked <c>[CrossTenant]</c>; every other message is tenant-scoped.</summary>
    public bool IsCrossTenant(ITypeSymbol message) => Has(message, CrossTenant);

    /// <summary>
    /// The message types <paramref name="type"/> handles: the first type argument of every Whizbang handler interface it
    /// implements (directly or through a base type), in declaration order. Open type parameters are skipped: what a
    /// generic base handles is decided by the type that closes it.
    /// </summary>
    public IEnumerable<INamedTypeSymbol> HandledMessages(INamedTypeSymbol type)
    {
        foreach (var contract in type.AllInterfaces)
        {
            if (contract.TypeArguments.Length > 0 && contract.TypeArguments[0] is INamedTypeSymbol message && IsHandlerInterface(contract.OriginalDefinition))
            {
                yield return message;
            }
        }
    }

    /// <summary>Whether <paramref name="type"/> handles at least one message marked <c>[CrossTenant]</c>.</summary>
    public bool HandlesCrossTenantMessage(INamedTypeSymbol type)
    {
        foreach (var message in HandledMessages(type))
        {
            if (IsCrossTenant(message))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsHandlerInterface(INamedTypeSymbol definition)
    {
        foreach (var handlerInterface in _handlerInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(definition, handlerInterface))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Has(ISymbol symbol, INamedTypeSymbol attributeType)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, attributeType))
            {
                return true;
            }
        }

        return false;
    }
}
