using Microsoft.CodeAnalysis;

namespace Whizbang.Generators.Diagnostics;

/// <summary>Every diagnostic the generator reports. IDs are assigned by hand and never reused.</summary>
internal static class WhizbangDiagnostics
{
    private const string Category = "Whizbang.Generator";

    public static readonly DiagnosticDescriptor NoHandler = Create(
        "WHIZ001",
        "Command or query has no handler",
        "'{0}' is a {1} but no handler for it was found in this project or its references; sending it throws NoHandlerException",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MultipleHandlers = Create(
        "WHIZ002",
        "Command or query has more than one handler",
        "'{0}' is a {1} and must have exactly one handler, but has {2}: {3}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HandlerNotConstructible = Create(
        "WHIZ003",
        "Handler cannot be constructed",
        "Handler '{0}' cannot be used because it {1}; it is left out of the dispatch table",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateMessageName = Create(
        "WHIZ004",
        "Two messages share a name",
        "Messages '{0}' and '{1}' are both named '{2}'; give one a distinct [MessageName]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AmbiguousMessageKind = Create(
        "WHIZ005",
        "Message implements more than one message contract",
        "'{0}' implements {1}; a message must be exactly one of a command, a command with one result type, a query or an event",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidMessageName = Create(
        "WHIZ006",
        "Message name is not valid",
        "[MessageName(\"{1}\")] on '{0}' is not a valid message name: use 1 to 200 characters, without whitespace or control characters",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor RaisedEventWithoutApply = Create(
        "WHIZ007",
        "Aggregate raises an event it cannot apply",
        "'{0}' raises '{1}' but has no Apply method that accepts it; add 'private void Apply({2} e)', or Raise throws MissingApplyMethodException",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidApplyMethod = Create(
        "WHIZ008",
        "Apply method has an invalid signature",
        "Apply method '{0}' of aggregate '{1}' {2}; an Apply method is a non-generic instance method returning void with exactly one parameter whose type implements IEvent. It is left out.",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AggregateNotGeneratable = Create(
        "WHIZ009",
        "Aggregate cannot be generated",
        "Aggregate '{0}' {1}; its Apply dispatch, factory and repository are not generated",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor EventMissingFromJsonContext = Create(
        "WHIZ301",
        "Event is missing from every JsonSerializerContext",
        "Event '{0}' is not in any JsonSerializerContext of this compilation ({1}); add [JsonSerializable(typeof({0}))] to one of them, or storing it throws EventTypeNotSerializableException",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidAggregateName = Create(
        "WHIZ011",
        "Aggregate name is not valid",
        "[AggregateName(\"{1}\")] on '{0}' is not a valid aggregate name: use 1 to 100 characters, without whitespace or control characters",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateAggregateName = Create(
        "WHIZ012",
        "Two aggregates share a name",
        "Aggregates '{0}' and '{1}' are both named '{2}', so their streams would collide; give one a distinct [AggregateName]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ProjectionNotGeneratable = Create(
        "WHIZ013",
        "Projection cannot be generated",
        "Projection '{0}' {1}, so the generator does not {2} it",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AbstractOrGenericProjection = Create(
        "WHIZ014",
        "Projection class is abstract or generic",
        "Projection '{0}' {1}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidProjectionMethod = Create(
        "WHIZ015",
        "Projection method has an invalid signature",
        "{0} method '{1}' of projection '{2}' {3}; a {0} method looks like {4}. It is left out.",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateProjectionMethod = Create(
        "WHIZ016",
        "Projection has two methods of one kind for one event type",
        "{0} method '{1}' of projection '{2}' is for '{3}', like '{4}'; a projection has one {0} method per event type. It is left out.",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DocumentIdWithoutHandler = Create(
        "WHIZ017",
        "DocumentId method for an event the projection does not read",
        "DocumentId method '{0}' of projection '{1}' is for '{2}', which no Create or Apply method of the projection takes; the projection does not read that event, so the method is never called",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ProjectionWithoutMethods = Create(
        "WHIZ018",
        "Projection has no Create or Apply method",
        "Projection '{0}' has no Create or Apply method, so it reads no event and builds no document; add one such as 'private static {1} Create(TheEvent e)'",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InvalidProjectionName = Create(
        "WHIZ019",
        "Projection name is not valid",
        "Projection '{0}' is named '{1}', which is not a valid projection name (1 to 100 lowercase ASCII letters, digits and dashes, starting with a letter); {2}",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateProjectionName = Create(
        "WHIZ020",
        "Two projections share a name",
        "Projections '{0}' and '{1}' are both named '{2}', so they would share checkpoints and documents; give one a distinct [ProjectionName]",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DuplicateProjectionDocument = Create(
        "WHIZ021",
        "Two projections build the same document type",
        "Projections '{0}' and '{1}' both build '{2}'; a document type belongs to one projection, whose documents IProjectionStore<{3}> reads. Give each projection its own document type.",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor HandlerOfAnotherDomain = Create(
        "WHIZ022",
        "Handler of a command or query of a domain this project does not own",
        "Handler '{0}' never runs here: '{1}' belongs to domain '{2}', which this project does not own ([assembly: OwnsDomain]); {3}",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor EmptyOwnedDomain = Create(
        "WHIZ023",
        "Owned domain is empty",
        "[assembly: OwnsDomain({0})] names no domain; use the non-empty name the owned messages give in [OwnedBy], such as \"Orders\"",
        DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor DocumentMissingFromJsonContext = Create(
        "WHIZ302",
        "Projection document is missing from every JsonSerializerContext",
        "Document type '{0}' of projection '{1}' is not in any JsonSerializerContext of this compilation ({2}); add [JsonSerializable(typeof({0}))] to one of them, or the projection fails when it stores a document",
        DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity)
        => new(id, title, message, Category, severity, isEnabledByDefault: true,
            helpLinkUri: $"https://github.com/whizbang-dotnet/whizbang/blob/main/docs/diagnostics/{id}.md");
}
