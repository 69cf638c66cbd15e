using System.Linq;
using Microsoft.CodeAnalysis;

namespace Whizbang.Generators.Shared;

/// <summary>A diagnostic found while parsing, kept as plain values until the output step reports it.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments)
        => new(descriptor, location, arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic() => ToDiagnostic(compilation: null);

    /// <summary>
    /// With the compilation at hand the location is rebuilt on its syntax tree, so <c>#pragma warning disable</c>
    /// applies (it does not to a location that only names a file).
    /// </summary>
    public Diagnostic ToDiagnostic(Compilation? compilation)
    {
        var location = Location?.ToLocation(compilation) ?? Microsoft.CodeAnalysis.Location.None;
        return Diagnostic.Create(Descriptor, location, Arguments.Cast<object>().ToArray());
    }
}
