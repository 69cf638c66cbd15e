namespace Whizbang.Tests.Shared;

/// <summary>Waits for something the background workers do, failing with what was awaited when it does not happen.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task True(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Timeout.TotalSeconds} s for: {what}.");
            }

            await Task.Delay(20);
        }
    }

    public static async Task True(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {Timeout.TotalSeconds} s for: {what}.");
            }

            await Task.Delay(20);
        }
    }
}
