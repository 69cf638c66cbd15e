namespace Whizbang.Messaging;

/// <summary>Answers <typeparamref name="TQuery"/> with a <typeparamref name="TResult"/>.</summary>
public interface IQueryHandler<in TQuery, TResult> where TQuery : IQuery<TResult>
{
    /// <summary>Answers the query.</summary>
    ValueTask<TResult> HandleAsync(TQuery query, CancellationToken cancellationToken);
}
