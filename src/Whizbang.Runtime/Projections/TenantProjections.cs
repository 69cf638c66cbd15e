namespace Whizbang.Projections;

/// <summary>One tenant's projection worker and manager, over the stores of the tenant's own schema or database.</summary>
internal sealed record TenantProjections(ProjectionWorker Worker, ProjectionManager Manager);
