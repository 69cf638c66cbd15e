using System.Diagnostics.CodeAnalysis;
using Whizbang.Messaging;

namespace Whizbang.Dispatch;

/// <summary>Reads which request interfaces (<see cref="ICommand{TResult}"/>, <see cref="IQuery{TResult}"/>) a message type declares.</summary>
internal static class RequestInterfaces
{
    /// <summary>
    /// True when <paramref name="messageType"/> implements exactly one request interface, and it is the one of
    /// <paramref name="kind"/> with result <paramref name="resultType"/>. The interfaces are invariant, so a caller holding
    /// such a message as an <c>ICommand&lt;TResult&gt;</c> (or <c>IQuery&lt;TResult&gt;</c>) has that very TResult.
    /// </summary>
    public static bool DeclaresOnly(
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.Interfaces)] Type messageType, MessageKind kind, Type resultType)
    {
        Type? only = null;
        foreach (var candidate in messageType.GetInterfaces())
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() is var definition
                && (definition == typeof(ICommand<>) || definition == typeof(IQuery<>)))
            {
                if (only is not null)
                {
                    return false;
                }

                only = candidate;
            }
        }

        var expected = kind == MessageKind.Query ? typeof(IQuery<>) : typeof(ICommand<>);
        return only is not null && only.GetGenericTypeDefinition() == expected && only.GetGenericArguments()[0] == resultType;
    }
}
