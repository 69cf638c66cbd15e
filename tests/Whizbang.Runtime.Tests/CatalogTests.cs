using Microsoft.Extensions.DependencyInjection;
using Whizbang.Dispatch;
using Whizbang.Messaging;

namespace Whizbang.Runtime.Tests;

public sealed class CatalogTests
{
    [Fact]
    public async Task Catalog_KnowsEveryMessage_ItsKindNameAndOwningDomain()
    {
        await using var services = TestServices.Build();
        var catalog = services.GetRequiredService<IMessageCatalog>();

        var noticed = catalog.Find(typeof(Noticed));
        Assert.NotNull(noticed);
        Assert.Equal(("tests.noticed", MessageKind.Event, "Tests"), (noticed.Name, noticed.Kind, noticed.OwningDomain));
        Assert.Equal(MessageKind.Query, catalog.FindByName("Echo")?.Kind);
        Assert.Equal("Idempotence", catalog.Find(typeof(Pay))?.OwningDomain);
        Assert.NotNull(catalog.Find(typeof(Orphan))); // known even without a handler
        Assert.Null(catalog.Find(typeof(string)));
        Assert.Equal(catalog.Messages.Select(m => m.Name).Order(StringComparer.Ordinal), catalog.Messages.Select(m => m.Name));
    }
}
