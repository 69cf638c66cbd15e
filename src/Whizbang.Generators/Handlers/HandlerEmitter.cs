using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Whizbang.Generators.Shared;

namespace Whizbang.Generators.Handlers;

/// <summary>
/// Writes the registry: one file with the message catalogue and <c>AddWhizbang()</c>, and one file per owning
/// domain with that domain's routes, so no generated method grows with the size of the application.
/// Never touches a symbol.
/// </summary>
internal static class HandlerEmitter
{
    private const string Namespace = "Whizbang.Generated";
    private const string UnownedDomain = "Unowned";
    private const string Dispatch = "global::Whizbang.Dispatch";
    private const string Lifetime = "global::Microsoft.Extensions.DependencyInjection.ServiceLifetime";

    public static IEnumerable<(string HintName, string Source)> Emit(RegistryModel model)
    {
        var domains = model.Routes
            .GroupBy(r => Identifier(r.Message.OwningDomain ?? UnownedDomain), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();

        yield return ($"{model.RegistryName}.g.cs", EmitRegistry(model, domains.Select(d => d.Key).ToList()));
        foreach (var domain in domains)
        {
            yield return ($"{model.RegistryName}.{domain.Key}.g.cs", EmitDomain(model.RegistryName, domain.Key, domain.ToList()));
        }
    }

    /// <summary>The descriptor's authorization and tenancy properties, when the message declares any.</summary>
    private static string AccessInitializer(MessageModel message)
    {
        var properties = new List<string>();
        if (message.Permissions.Count > 0)
        {
            properties.Add($"RequiredPermissions = [{string.Join(", ", message.Permissions.Select(p => Literal(p)))}]");
        }

        if (message.IsPublic)
        {
            properties.Add("IsPublic = true");
        }

        if (message.CrossTenantReason is { } reason)
        {
            properties.Add($"CrossTenantReason = {Literal(reason)}");
        }

        return properties.Count == 0 ? "" : $" {{ {string.Join(", ", properties)} }}";
    }

    private static string EmitRegistry(RegistryModel model, List<string> domains)
    {
        var w = new SourceWriter().FileHeader();
        w.OpenBlock($"namespace {Namespace}");
        w.Line("/// <summary>The messages and handlers Whizbang's generator found in this application and its references.</summary>");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.OpenBlock($"internal sealed partial class {model.RegistryName} : {Dispatch}.HandlerRegistry");
        w.Line($"public static {model.RegistryName} Instance {{ get; }} = new();");
        w.Line();
        w.Line($"private static readonly {Dispatch}.MessageDescriptor[] s_messages =");
        w.Line("[").Indent();
        foreach (var message in model.Messages)
        {
            w.Line($"new(typeof({message.TypeName}), {Literal(message.Name)}, global::Whizbang.Messaging.MessageKind.{message.Kind}, {Literal(message.OwningDomain)}){AccessInitializer(message)},");
        }

        w.Outdent().Line("];");
        w.Line();
        w.Line($"public override global::System.Collections.Generic.IReadOnlyList<{Dispatch}.MessageDescriptor> Messages => s_messages;");
        if (model.OwnedDomains.Count > 0)
        {
            EmitOwnedDomains(w, model);
        }

        if (model.Aggregates.Count > 0)
        {
            EmitAggregates(w, model);
        }

        if (model.Projections.Count > 0)
        {
            EmitProjections(w, model);
        }

        w.Line();
        w.OpenBlock($"public override void AddHandlers(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, {Lifetime} defaultLifetime)");
        foreach (var domain in domains)
        {
            w.Line($"Add{domain}Handlers(services, defaultLifetime);");
        }

        w.CloseBlock();
        w.Line();
        w.OpenBlock($"public override global::System.Collections.Generic.IReadOnlyList<{Dispatch}.MessageRoute> CreateRoutes({Lifetime} defaultLifetime)");
        w.Line($"var routes = new global::System.Collections.Generic.List<{Dispatch}.MessageRoute>({model.Routes.Count});");
        foreach (var domain in domains)
        {
            w.Line($"Add{domain}Routes(routes, defaultLifetime);");
        }

        w.Line("return routes;");
        w.CloseBlock();
        w.CloseBlock();
        w.CloseBlock();
        w.Line();
        w.OpenBlock("namespace Microsoft.Extensions.DependencyInjection");
        w.Line(GeneratorInfo.GeneratedCodeAttribute);
        w.OpenBlock($"internal static class {model.RegistryName}ServiceCollectionExtensions");
        w.Line("/// <summary>Registers Whizbang with every handler the generator found in this application and its references.</summary>");
        w.Line("public static global::Microsoft.Extensions.DependencyInjection.IServiceCollection AddWhizbang(");
        w.Indent().Line("this global::Microsoft.Extensions.DependencyInjection.IServiceCollection services,");
        w.Line("global::System.Action<global::Whizbang.Hosting.WhizbangBuilder>? configure = null)");
        w.Line($"=> global::Whizbang.Hosting.WhizbangServiceCollectionExtensions.AddWhizbang(services, global::{Namespace}.{model.RegistryName}.Instance, configure);").Outdent();
        w.CloseBlock();
        w.CloseBlock();
        return w.ToString();
    }

    private static void EmitOwnedDomains(SourceWriter w, RegistryModel model)
    {
        w.Line();
        w.Line($"private static readonly string[] s_ownedDomains = [{string.Join(", ", model.OwnedDomains.Select(d => Literal(d)))}];");
        w.Line();
        w.Line("/// <summary>The domains this application declares with <c>[assembly: OwnsDomain]</c>; with <c>UseMessaging</c> the service owns them.</summary>");
        w.Line("public override global::System.Collections.Generic.IReadOnlyList<string> OwnedDomains => s_ownedDomains;");
    }

    private static void EmitAggregates(SourceWriter w, RegistryModel model)
    {
        const string Aggregates = "global::Whizbang.EventSourcing.Aggregates";
        w.Line();
        w.Line($"private static readonly {Aggregates}.AggregateDescriptor[] s_aggregates =");
        w.Line("[").Indent();
        foreach (var aggregate in model.Aggregates)
        {
            w.Line($"new {Aggregates}.AggregateDescriptor<{aggregate.TypeName}>({Literal(aggregate.OwningDomain)}),");
        }

        w.Outdent().Line("];");
        w.Line();
        w.Line($"public override global::System.Collections.Generic.IReadOnlyList<{Aggregates}.AggregateDescriptor> Aggregates => s_aggregates;");
    }

    private static void EmitProjections(SourceWriter w, RegistryModel model)
    {
        const string Projections = "global::Whizbang.Projections";
        w.Line();
        w.Line($"private static readonly {Projections}.ProjectionDescriptor[] s_projections =");
        w.Line("[").Indent();
        foreach (var projection in model.Projections)
        {
            w.Line($"new {Projections}.ProjectionDescriptor<{projection.TypeName}, {projection.DocumentTypeName}>({Literal(projection.Name)}),");
        }

        w.Outdent().Line("];");
        w.Line();
        w.Line($"public override global::System.Collections.Generic.IReadOnlyList<{Projections}.ProjectionDescriptor> Projections => s_projections;");
    }

    private static string EmitDomain(string registryName, string domain, List<RouteModel> routes)
    {
        var w = new SourceWriter().FileHeader();
        w.OpenBlock($"namespace {Namespace}");
        w.OpenBlock($"partial class {registryName}");
        w.OpenBlock($"private static void Add{domain}Handlers(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services, {Lifetime} defaultLifetime)");
        foreach (var handler in routes.SelectMany(r => r.Handlers).GroupBy(h => h.HandlerTypeName, StringComparer.Ordinal).Select(g => g.First()).OrderBy(h => h.HandlerTypeName, StringComparer.Ordinal))
        {
            w.Line($"AddHandler(services, typeof({handler.HandlerTypeName}), {LifetimeOf(handler)});");
        }

        w.CloseBlock();
        w.Line();
        w.OpenBlock($"private static void Add{domain}Routes(global::System.Collections.Generic.List<{Dispatch}.MessageRoute> routes, {Lifetime} defaultLifetime)");
        foreach (var route in routes)
        {
            w.Line($"routes.Add(new {route.ClassName}({(UsesDefaultLifetime(route) ? "defaultLifetime" : string.Empty)}));");
        }

        w.CloseBlock();
        foreach (var route in routes)
        {
            w.Line();
            EmitRoute(w, route);
        }

        w.CloseBlock();
        w.CloseBlock();
        return w.ToString();
    }

    private static void EmitRoute(SourceWriter w, RouteModel route)
    {
        var message = route.Message;
        var first = route.Handlers[0];
        var name = Literal(message.Name);
        var domain = Literal(message.OwningDomain);
        var (baseType, baseArguments) = message.Kind switch
        {
            MessageKindModel.Command => ($"{Dispatch}.CommandRoute<{message.TypeName}>", new[] { name, domain, Descriptor(first) }),
            MessageKindModel.Event => ($"{Dispatch}.EventRoute<{message.TypeName}>", new[] { name, domain, "[" }),
            _ => ($"{Dispatch}.RequestRoute<{message.TypeName}, {message.ResultTypeName}>",
                new[] { name, $"global::Whizbang.Messaging.MessageKind.{message.Kind}", domain, Descriptor(first) }),
        };

        w.Line($"/// <summary>Routes <see cref=\"{Cref(message.TypeName)}\"/> to its handler{(route.Handlers.Count > 1 ? "s" : string.Empty)}.</summary>");
        w.Line($"private sealed class {route.ClassName}({(UsesDefaultLifetime(route) ? Lifetime + " defaultLifetime" : string.Empty)})");
        w.Indent().Line($": {baseType}(").Indent();
        for (var i = 0; i < baseArguments.Length - 1; i++)
        {
            w.Line(baseArguments[i] + ",");
        }

        if (message.Kind == MessageKindModel.Event)
        {
            w.Line("[").Indent();
            foreach (var handler in route.Handlers)
            {
                w.Line(Descriptor(handler) + ",");
            }

            w.Outdent().Line("])");
        }
        else
        {
            w.Line(baseArguments[baseArguments.Length - 1] + ")");
        }

        w.Outdent().Outdent();
        w.Line("{").Indent();
        switch (message.Kind)
        {
            case MessageKindModel.Command:
                w.Line($"protected override global::System.Threading.Tasks.ValueTask HandleAsync({message.TypeName} command, global::System.IServiceProvider services, global::System.Threading.CancellationToken cancellationToken)");
                w.Indent().Line($"=> {Call(first, 0, "command")};").Outdent();
                w.Line();
                w.Line("protected override global::System.Threading.Tasks.ValueTask HandleMessageAsync(global::Whizbang.Messaging.ICommand command, global::System.IServiceProvider services, global::System.Threading.CancellationToken cancellationToken)");
                w.Indent().Line($"=> HandleAsync(({message.TypeName})command, services, cancellationToken);").Outdent();
                break;
            case MessageKindModel.Event:
                w.Line($"protected override global::System.Threading.Tasks.ValueTask HandleAsync(int handlerIndex, {message.TypeName} @event, global::System.IServiceProvider services, global::System.Threading.CancellationToken cancellationToken)");
                w.Indent().Line("=> handlerIndex switch").Line("{").Indent();
                for (var i = 0; i < route.Handlers.Count; i++)
                {
                    w.Line($"{i} => {Call(route.Handlers[i], i, "@event")},");
                }

                w.Line("_ => throw new global::System.ArgumentOutOfRangeException(nameof(handlerIndex)),");
                w.Outdent().Line("};").Outdent();
                w.Line();
                EmitPublishToHandlers(w, route);
                w.Line();
                w.Line("protected override global::System.Threading.Tasks.ValueTask PublishMessageAsync(global::Whizbang.Messaging.IEvent @event, global::System.IServiceProvider services, global::System.Threading.CancellationToken cancellationToken)");
                w.Indent().Line($"=> PublishToHandlersAsync(({message.TypeName})@event, services, cancellationToken);").Outdent();
                break;
            default:
                w.Line($"protected override global::System.Threading.Tasks.ValueTask<{message.ResultTypeName}> HandleAsync({message.TypeName} request, global::System.IServiceProvider services, global::System.Threading.CancellationToken cancellationToken)");
                w.Indent().Line($"=> {Call(first, 0, "request")};").Outdent();
                w.Line();
                w.Line($"protected override global::System.Threading.Tasks.ValueTask<{message.ResultTypeName}> HandleMessageAsync(object request, global::System.IServiceProvider services, global::System.Threading.CancellationToken cancellationToken)");
                w.Indent().Line($"=> HandleAsync(({message.TypeName})request, services, cancellationToken);").Outdent();
                break;
        }

        w.Outdent().Line("}");
    }

    /// <summary>
    /// The direct path of an event: one call per handler, each in its own <c>try</c>, written out rather than looped, so that
    /// no loop counter lives across the protected regions and every handler is a direct, inlinable call.
    /// </summary>
    private static void EmitPublishToHandlers(SourceWriter w, RouteModel route)
    {
        var message = route.Message;
        w.Line($"protected override global::System.Threading.Tasks.ValueTask PublishToHandlersAsync({message.TypeName} @event, global::System.IServiceProvider services, global::System.Threading.CancellationToken cancellationToken)");
        w.Line("{").Indent();
        w.Line("global::System.Threading.Tasks.ValueTask pending;");
        for (var i = 0; i < route.Handlers.Count; i++)
        {
            w.Line("try").Line("{").Indent();
            w.Line($"pending = {Call(route.Handlers[i], i, "@event")};");
            w.Outdent().Line("}");
            w.Line("catch (global::System.Exception exception)").Line("{").Indent();
            w.Line($"return ContinueAfterFailure({i}, @event, services, exception, cancellationToken);");
            w.Outdent().Line("}");
            w.Line();
            w.Line("if (!Completed(pending))").Line("{").Indent();
            w.Line($"return ContinueAfterPending(pending, {i}, @event, services, cancellationToken);");
            w.Outdent().Line("}");
            w.Line();
        }

        w.Line("return default;");
        w.Outdent().Line("}");
    }

    private static string Call(HandlerModel handler, int index, string argument)
    {
        var resolve = $"Handler<{handler.HandlerTypeName}>({index}, services)";
        var target = handler.IsExplicit ? $"(({handler.InterfaceTypeName}){resolve})" : resolve;
        return $"{target}.HandleAsync({argument}, cancellationToken)";
    }

    private static string Descriptor(HandlerModel handler)
        => $"new {Dispatch}.HandlerDescriptor(typeof({handler.HandlerTypeName}), {LifetimeOf(handler)})";

    private static bool UsesDefaultLifetime(RouteModel route) => route.Handlers.Any(h => h.Lifetime is null);

    private static string LifetimeOf(HandlerModel handler) => handler.Lifetime is null ? "defaultLifetime" : $"{Lifetime}.{handler.Lifetime}";

    private static string Cref(string typeName)
        => (typeName.StartsWith("global::", StringComparison.Ordinal) ? typeName.Substring(8) : typeName).Replace('<', '{').Replace('>', '}');

    private static string Literal(string? value)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A domain name made safe for method and file names.</summary>
    private static string Identifier(string domain)
    {
        var builder = new StringBuilder();
        foreach (var c in domain)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return builder.Length == 0 || char.IsDigit(builder[0]) ? "_" + builder : builder.ToString();
    }
}
