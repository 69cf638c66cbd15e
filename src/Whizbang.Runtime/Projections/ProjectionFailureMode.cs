namespace Whizbang.Projections;

/// <summary>What a projection does with an event it still cannot apply after its retries.</summary>
public enum ProjectionFailureMode
{
    /// <summary>Stop before the event and record the failure; an operator fixes the cause and resumes.</summary>
    Stop = 0,

    /// <summary>Record the failure and go on past the event; its effect is lost.</summary>
    Skip = 1,
}
