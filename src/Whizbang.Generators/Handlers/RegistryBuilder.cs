using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Whizbang.Generators.Diagnostics;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>
/// Joins every type's scan into the application's handler set and finds what only the whole set shows:
/// missing and duplicate handlers, handlers of other services' domains, duplicate names, projections sharing a name
/// or a document type. Works on models only.
/// </summary>
internal static class RegistryBuilder
{
    /// <param name="ownedDomains">The domains the compilation declares with <c>[assembly: OwnsDomain]</c>; empty for a monolith, which owns them all.</param>
    public static RegistryModel Build(CompilationModel compilation, EquatableArray<string> ownedDomains, ImmutableArray<TypeScan> sources, EquatableArray<TypeScan> references)
    {
        var scans = sources.Concat(references).ToList();
        var diagnostics = new List<DiagnosticInfo>();
        var owned = new HashSet<string>(ownedDomains, StringComparer.Ordinal);

        var messages = scans.Where(s => s.Message is not null).Select(s => s.Message!)
            .GroupBy(m => m.TypeName, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(m => m.Name, StringComparer.Ordinal).ThenBy(m => m.TypeName, StringComparer.Ordinal)
            .ToList();
        ReportDuplicateNames(messages, diagnostics);

        var handlersByMessage = scans.SelectMany(s => s.Handlers)
            .GroupBy(h => h.MessageTypeName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Distinct().OrderBy(h => h.HandlerTypeName, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);

        var routes = new List<RouteModel>();
        var classNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in messages.OrderBy(m => m.TypeName, StringComparer.Ordinal))
        {
            handlersByMessage.TryGetValue(message.TypeName, out var handlers);
            handlers ??= [];
            if (message.Kind != MessageKindModel.Event)
            {
                var ownedElsewhere = OwnedElsewhere(message, owned);
                if (handlers.Count == 0)
                {
                    // Another domain's command or query is handled by that domain's service, not here.
                    if (compilation.EmitRegistry && ownedElsewhere is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.NoHandler, message.Location, Display(message.TypeName), KindName(message.Kind)));
                    }

                    continue;
                }

                if (ownedElsewhere is not null)
                {
                    ReportHandlersOfAnotherDomain(message, ownedElsewhere, handlers, diagnostics);
                }

                if (handlers.Count > 1)
                {
                    var names = string.Join(", ", handlers.Select(h => Display(h.HandlerTypeName)));
                    foreach (var handler in handlers.Where(h => h.Location is not null).DefaultIfEmpty(handlers[0]))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.MultipleHandlers, handler.Location,
                            Display(message.TypeName), KindName(message.Kind), handlers.Count.ToString(), names));
                    }

                    continue;
                }
            }
            else if (handlers.Count == 0)
            {
                continue;
            }

            routes.Add(new RouteModel(UniqueClassName(message.TypeName, classNames), message, handlers.ToEquatableArray()));
        }

        var aggregates = scans.Where(s => s.Aggregate is not null).Select(s => s.Aggregate!)
            .GroupBy(a => a.TypeName, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(a => a.TypeName, StringComparer.Ordinal)
            .ToList();
        ReportDuplicateAggregateNames(aggregates, diagnostics);

        var projections = scans.Where(s => s.Projection is not null).Select(s => s.Projection!)
            .GroupBy(p => p.TypeName, StringComparer.Ordinal).Select(g => g.First())
            .OrderBy(p => p.TypeName, StringComparer.Ordinal)
            .ToList();
        ReportDuplicateProjections(projections, diagnostics);

        return new RegistryModel(
            compilation.RegistryName, ownedDomains, messages.ToEquatableArray(), routes.ToEquatableArray(), aggregates.ToEquatableArray(), projections.ToEquatableArray(), diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// The message's domain when the compilation declares its domains and this is not one of them; null when it runs
    /// here: the compilation owns its domain, declares none (a monolith), or the message names no usable owner.
    /// </summary>
    private static string? OwnedElsewhere(MessageModel message, HashSet<string> owned)
        => owned.Count > 0 && !string.IsNullOrWhiteSpace(message.OwningDomain) && !owned.Contains(message.OwningDomain!) ? message.OwningDomain : null;

    /// <summary>
    /// A handler in this project for another domain's command or query is dead code: the command is sent to its owner
    /// and a query cannot be answered across services. Handlers of referenced assemblies are not this project's to fix.
    /// </summary>
    private static void ReportHandlersOfAnotherDomain(MessageModel message, string domain, List<HandlerModel> handlers, List<DiagnosticInfo> diagnostics)
    {
        var consequence = message.Kind == MessageKindModel.Command
            ? $"it is sent to {domain}'s service"
            : $"only {domain}'s service answers it (a result cannot travel between services)";
        foreach (var handler in handlers.Where(h => h.Location is not null))
        {
            diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.HandlerOfAnotherDomain, handler.Location,
                Display(handler.HandlerTypeName), Display(message.TypeName), domain, consequence));
        }
    }

    private static void ReportDuplicateNames(List<MessageModel> messages, List<DiagnosticInfo> diagnostics)
    {
        foreach (var group in messages.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.DuplicateMessageName, other.Location ?? first.Location,
                    Display(first.TypeName), Display(other.TypeName), group.Key));
            }
        }
    }

    private static void ReportDuplicateAggregateNames(List<AggregateRegistrationModel> aggregates, List<DiagnosticInfo> diagnostics)
    {
        foreach (var group in aggregates.GroupBy(a => a.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.DuplicateAggregateName, other.Location ?? first.Location,
                    Display(first.TypeName), Display(other.TypeName), group.Key));
            }
        }
    }

    /// <summary>Two projections with one name would share checkpoints and documents; two with one document type, its store.</summary>
    private static void ReportDuplicateProjections(List<ProjectionRegistrationModel> projections, List<DiagnosticInfo> diagnostics)
    {
        foreach (var group in projections.GroupBy(p => p.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.DuplicateProjectionName, other.Location ?? first.Location,
                    Display(first.TypeName), Display(other.TypeName), group.Key));
            }
        }

        foreach (var group in projections.GroupBy(p => p.DocumentTypeName, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                var document = Display(group.Key);
                diagnostics.Add(DiagnosticInfo.Create(WhizbangDiagnostics.DuplicateProjectionDocument, other.Location ?? first.Location,
                    Display(first.TypeName), Display(other.TypeName), document, document.Substring(document.LastIndexOf('.') + 1)));
            }
        }
    }

    private static string UniqueClassName(string typeName, HashSet<string> taken)
    {
        var builder = new StringBuilder();
        foreach (var c in Display(typeName))
        {
            builder.Append(char.IsLetterOrDigit(c) ? c : '_');
        }

        var name = builder.Append("Route").ToString();
        var candidate = name;
        for (var i = 2; !taken.Add(candidate); i++)
        {
            candidate = name + i;
        }

        return candidate;
    }

    private static string KindName(MessageKindModel kind) => kind == MessageKindModel.Query ? "query" : "command";

    private static string Display(string typeName) => typeName.StartsWith("global::", StringComparison.Ordinal) ? typeName.Substring(8) : typeName;
}
