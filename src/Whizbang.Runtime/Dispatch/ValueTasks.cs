using Whizbang.Messaging;

namespace Whizbang.Dispatch;

internal static class ValueTasks
{
    /// <summary>Turns a pipeline's <see cref="Unit"/> result back into a plain <see cref="ValueTask"/> without allocating when it already completed.</summary>
    public static ValueTask IgnoreResult(ValueTask<Unit> task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return default;
        }

        return Await(task);

        static async ValueTask Await(ValueTask<Unit> pending) => await pending.ConfigureAwait(false);
    }
}
