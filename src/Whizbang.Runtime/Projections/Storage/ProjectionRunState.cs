namespace Whizbang.Projections.Storage;

/// <summary>Whether workers process a projection generation.</summary>
public enum ProjectionRunState
{
    /// <summary>Workers process it.</summary>
    Running = 0,

    /// <summary>Stopped on an event it could not apply (see the failure); resumed by an operator.</summary>
    Failed = 1,

    /// <summary>Stopped by an operator.</summary>
    Paused = 2,
}
