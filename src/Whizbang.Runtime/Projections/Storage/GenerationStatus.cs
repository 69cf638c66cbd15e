namespace Whizbang.Projections.Storage;

/// <summary>Where a projection generation is in its life.</summary>
public enum GenerationStatus
{
    /// <summary>Being built beside the live generation by a rebuild; readers do not see it.</summary>
    Building = 0,

    /// <summary>The generation readers see. A projection has exactly one.</summary>
    Live = 1,

    /// <summary>Replaced by a rebuilt generation; its documents are gone.</summary>
    Retired = 2,
}
