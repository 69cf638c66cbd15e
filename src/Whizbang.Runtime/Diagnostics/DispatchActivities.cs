using System.Diagnostics;
using Whizbang.Dispatch;
using Whizbang.Pipeline;

namespace Whizbang.Diagnostics;

/// <summary>Starts and completes the spans of a dispatch. Called only off the allocation-free path.</summary>
internal static class DispatchActivities
{
    public static Activity? StartDispatch(MessageRoute route, DispatchContext context)
    {
        var activity = WhizbangTelemetry.Source.StartActivity(route.DispatchSpanName, ActivityKind.Internal);
        if (activity is not null)
        {
            Tag(activity, route, route.Operation, context);
        }

        return activity;
    }

    public static Activity? StartProcess(MessageRoute route, int handlerIndex, DispatchContext context)
    {
        var activity = WhizbangTelemetry.Source.StartActivity(route.ProcessSpanName, ActivityKind.Internal);
        if (activity is not null)
        {
            Tag(activity, route, "process", context);
            activity.SetTag(TelemetryTags.Handler, route.Handlers[handlerIndex].HandlerType.FullName);
        }

        return activity;
    }

    public static void RecordFailure(Activity? activity, Exception exception)
    {
        activity?.AddException(exception);
        activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    private static void Tag(Activity activity, MessageRoute route, string operation, DispatchContext context)
    {
        activity.SetTag(TelemetryTags.MessagingSystem, "whizbang");
        activity.SetTag(TelemetryTags.MessagingOperation, operation);
        activity.SetTag(TelemetryTags.MessageName, route.MessageName);
        activity.SetTag(TelemetryTags.MessageId, context.Envelope.MessageId.ToString());
        activity.SetTag(TelemetryTags.Tenant, context.Envelope.TenantId);
        if (route.OwningDomain is not null)
        {
            activity.SetTag(TelemetryTags.Domain, route.OwningDomain);
        }
    }
}
