using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Whizbang.Projections;

/// <summary>The descriptor of <typeparamref name="TProjection"/>; created by generated code.</summary>
/// <typeparam name="TProjection">The projection type, created by the container (a singleton).</typeparam>
/// <typeparam name="TDocument">The document type it builds.</typeparam>
public sealed class ProjectionDescriptor<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProjection, TDocument> : ProjectionDescriptor
    where TProjection : Projection<TDocument>
    where TDocument : class
{
    /// <summary>Creates the descriptor.</summary>
    /// <param name="name">The projection's stable name, as its generated <see cref="Projection{TDocument}.Name"/> returns it.</param>
    public ProjectionDescriptor(string name)
        : base(typeof(TProjection), typeof(TDocument), name)
    {
    }

    internal override void AddServices(IServiceCollection services)
    {
        var name = Name;
        services.TryAddSingleton<TProjection>();
        services.AddSingleton<ProjectionApplier>(static provider
            => provider.GetRequiredService<ProjectionServices>().CreateApplier<TDocument>(provider.GetRequiredService<TProjection>()));
        services.TryAddSingleton<IProjectionStore<TDocument>>(provider => provider.GetRequiredService<ProjectionServices>().CreateStore<TDocument>(name));
    }
}
