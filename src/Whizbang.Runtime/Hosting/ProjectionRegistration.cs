using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Whizbang.EventSourcing;
using Whizbang.Projections;
using Whizbang.Tenancy;

namespace Whizbang.Hosting;

/// <summary>Registers every generated projection with its runner and store, the worker, the manager and the hosted daemon.</summary>
internal static class ProjectionRegistration
{
    /// <summary>Registers the projections; returns the names of the inline ones, whose appends the event store must project.</summary>
    public static IReadOnlyList<string> Add(IServiceCollection services, Dispatch.HandlerRegistry registry, WhizbangOptions options)
    {
        var projections = registry.Projections;
        if (projections.Count == 0)
        {
            return [];
        }

        // The generator reports these within one compilation; projections from several assemblies meet only here.
        Refuse(projections.GroupBy(p => p.Name, StringComparer.Ordinal), "named", g => g.Key);
        Refuse(projections.GroupBy(p => p.DocumentType), "building", g => g.Key.FullName!);

        services.TryAddSingleton(provider => new ProjectionServices(provider, options));
        foreach (var projection in projections)
        {
            projection.AddServices(services);
        }

        services.TryAddSingleton(static provider => new ProjectionWorker(
            [.. provider.GetServices<ProjectionApplier>().Select(provider.GetRequiredService<ProjectionServices>().CreateRunner)],
            provider.GetRequiredService<ProjectionServices>().Storage,
            Loggers(provider).CreateLogger<ProjectionWorker>()));
        string[] names = [.. projections.Select(p => p.Name)];
        services.TryAddSingleton<IProjectionManager>(provider => provider.GetRequiredService<ProjectionServices>().Storage is TenantRoutedProjectionStorage routed
            ? new PerTenantProjectionManager(routed.Tenants, names, (tenant, stores) => ForTenant(provider, tenant, stores))
            : new ProjectionManager(
                provider.GetRequiredService<ProjectionWorker>(),
                provider.GetRequiredService<ProjectionServices>().Storage,
                provider.GetRequiredService<IEventStore>(),
                Clock(provider)));
        if (options.RunProjectionDaemon)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, HostedWork<ProjectionDaemon>>(static provider =>
                new HostedWork<ProjectionDaemon>(provider.GetRequiredService<IProjectionManager>() is PerTenantProjectionManager perTenant
                    ? new PerTenantHostedService(
                        provider.GetRequiredService<TenantStoreCatalogue>(),
                        "The projection daemon",
                        tenant => Daemon(provider, perTenant.Of(tenant).Worker, perTenant.Of(tenant).Manager),
                        Loggers(provider).CreateLogger<ProjectionDaemon>())
                    : Daemon(provider, provider.GetRequiredService<ProjectionWorker>(), provider.GetRequiredService<IProjectionManager>()))));
        }

        return projections.Where(p => options.ProjectionOptionsFor(p.Name).Mode == ProjectionMode.Inline).Select(p => p.Name).ToList();
    }

    private static void Refuse<TKey>(IEnumerable<IGrouping<TKey, ProjectionDescriptor>> groups, string what, Func<IGrouping<TKey, ProjectionDescriptor>, string> describe)
    {
        foreach (var group in groups.Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException(
                $"Projections {string.Join(" and ", group.Select(p => p.ProjectionType.FullName))} are both {what} '{describe(group)}'; each projection needs its own name and document type.");
        }
    }

    /// <summary>A tenant's projections: its own runners, worker and manager over the stores of its schema or database.</summary>
    private static TenantProjections ForTenant(IServiceProvider provider, string tenant, TenantStores stores)
    {
        var projections = provider.GetRequiredService<ProjectionServices>();
        var worker = new ProjectionWorker(
            [.. provider.GetServices<ProjectionApplier>().Select(applier => projections.CreateRunner(applier, stores.Events, stores.Projections))],
            stores.Projections,
            Loggers(provider).CreateLogger<ProjectionWorker>());
        return new TenantProjections(worker, new ProjectionManager(worker, stores.Projections, stores.Events, Clock(provider), tenant));
    }

    private static ProjectionDaemon Daemon(IServiceProvider provider, ProjectionWorker worker, IProjectionManager manager)
        => new(worker, manager, Clock(provider), Loggers(provider).CreateLogger<ProjectionDaemon>());

    private static ILoggerFactory Loggers(IServiceProvider provider) => provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;

    private static TimeProvider Clock(IServiceProvider provider) => provider.GetService<TimeProvider>() ?? TimeProvider.System;
}
