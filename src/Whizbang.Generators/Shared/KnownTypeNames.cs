namespace Whizbang.Generators.Shared;

/// <summary>Metadata names of the runtime types the generator looks for.</summary>
internal static class KnownTypeNames
{
    public const string RuntimeAssembly = "Whizbang.Runtime";
    public const string Command = "Whizbang.Messaging.ICommand";
    public const string CommandWithResult = "Whizbang.Messaging.ICommand`1";
    public const string Query = "Whizbang.Messaging.IQuery`1";
    public const string Event = "Whizbang.Messaging.IEvent";
    public const string CommandHandler = "Whizbang.Messaging.ICommandHandler`1";
    public const string CommandWithResultHandler = "Whizbang.Messaging.ICommandHandler`2";
    public const string QueryHandler = "Whizbang.Messaging.IQueryHandler`2";
    public const string EventHandler = "Whizbang.Messaging.IEventHandler`1";
    public const string OwnedByAttribute = "Whizbang.Messaging.OwnedByAttribute";
    public const string OwnsDomainAttribute = "Whizbang.Messaging.OwnsDomainAttribute";
    public const string MessageNameAttribute = "Whizbang.Messaging.MessageNameAttribute";
    public const string RequiresPermissionAttribute = "Whizbang.Messaging.RequiresPermissionAttribute";
    public const string PublicMessageAttribute = "Whizbang.Messaging.PublicMessageAttribute";
    public const string CrossTenantAttribute = "Whizbang.Tenancy.CrossTenantAttribute";
    public const string HandlerLifetimeAttribute = "Whizbang.Messaging.HandlerLifetimeAttribute";
    public const string Aggregate = "Whizbang.EventSourcing.Aggregates.Aggregate";
    public const string AggregateInterface = "Whizbang.EventSourcing.Aggregates.IAggregate`1";
    public const string AggregateNameAttribute = "Whizbang.EventSourcing.Aggregates.AggregateNameAttribute";
    public const string JsonSerializerContext = "System.Text.Json.Serialization.JsonSerializerContext";
    public const string JsonSerializableAttribute = "System.Text.Json.Serialization.JsonSerializableAttribute";
    public const string JsonDerivedTypeAttribute = "System.Text.Json.Serialization.JsonDerivedTypeAttribute";
}
