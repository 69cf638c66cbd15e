using Microsoft.Extensions.DependencyInjection;
using Whizbang.EventSourcing;
using Whizbang.EventSourcing.Serialization;
using Whizbang.Messaging;
using Whizbang.Projections;
using Whizbang.Tenancy;

namespace Whizbang.Runtime.Tests.Projections;

/// <summary>Writes an account's events and reads its summary the way an application of some tenant does.</summary>
internal static class AccountStreams
{
    public static async Task AppendAccountAsync(this IServiceProvider services, string tenant, string account, params IEvent[] events)
    {
        var serializer = services.GetRequiredService<EventSerializer>();
        var data = events.Select(e => serializer.Serialize(e)).Select(s => new EventData(Guid.CreateVersion7(), s.Name, s.Data, ReadOnlyMemory<byte>.Empty)).ToArray();
        await services.GetRequiredService<IEventStore>().AppendAsync(new StreamId(tenant, "account-" + account), ExpectedVersion.Any, data);
    }

    public static async Task<AccountSummary?> LoadAccountAsync(this IServiceProvider services, string tenant, string account)
    {
        using var scope = TenantScope.Begin(tenant);
        return await services.GetRequiredService<IProjectionStore<AccountSummary>>().LoadAsync(account);
    }
}
