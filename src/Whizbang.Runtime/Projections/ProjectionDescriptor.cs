using Microsoft.Extensions.DependencyInjection;

namespace Whizbang.Projections;

/// <summary>
/// A projection the generator found: its stable name and document type. The generated registry lists one
/// <see cref="ProjectionDescriptor{TProjection, TDocument}"/> per projection, and <c>AddWhizbang</c> registers it.
/// </summary>
public abstract class ProjectionDescriptor
{
    private protected ProjectionDescriptor(Type projectionType, Type documentType, string name)
    {
        ProjectionType = projectionType;
        DocumentType = documentType;
        Name = name;
    }

    /// <summary>The projection's CLR type.</summary>
    public Type ProjectionType { get; }

    /// <summary>The type of the documents it builds.</summary>
    public Type DocumentType { get; }

    /// <summary>Its stable name.</summary>
    public string Name { get; }

    /// <summary>Registers the projection, its runner and <see cref="IProjectionStore{TDocument}"/>.</summary>
    internal abstract void AddServices(IServiceCollection services);
}
