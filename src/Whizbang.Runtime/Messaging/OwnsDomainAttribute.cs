namespace Whizbang.Messaging;

/// <summary>
/// Declares a domain this project's service owns: the name used in <see cref="OwnedByAttribute"/> on the messages
/// whose commands and queries run here and whose events are published from here. Write one per owned domain in the
/// service's executable project, for example <c>[assembly: OwnsDomain("Orders")]</c>.
/// </summary>
/// <remarks>
/// <para>
/// A project that declares no domain is a monolith: it owns every domain, and every command and query needs a handler
/// in it or its references. Once a project declares its domains, the generator knows that another domain's command
/// is handled by that domain's service: it no longer reports a missing handler for it (WHIZ001), and it reports a
/// handler here for one (WHIZ022), since that handler would never run. An empty name is an error (WHIZ023).
/// </para>
/// <para>
/// The generated registry lists the declared domains (<c>HandlerRegistry.OwnedDomains</c>); with
/// <c>UseMessaging</c>, the service owns them without an <c>Own(...)</c> call, and <c>Own(...)</c> adds to them.
/// Without <c>UseMessaging</c> every message stays in process, whatever the project declares.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class OwnsDomainAttribute(string domain) : Attribute
{
    /// <summary>The owned domain, for example <c>"Orders"</c>; compared with <see cref="OwnedByAttribute.Domain"/> exactly (ordinal).</summary>
    public string Domain { get; } = domain;
}
