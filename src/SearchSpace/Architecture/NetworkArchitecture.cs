using System.Text.Json.Serialization;
using NasLab.SearchSpace.Cells;

namespace NasLab.SearchSpace.Architecture;

/// <summary>A whole network: either a stack of block stages or a NASNet-style cell network.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(BlockNetwork), "blocks")]
[JsonDerivedType(typeof(CellNetwork), "cells")]
public abstract record NetworkArchitecture
{
    public string Name { get; init; } = "";
    public int NumClasses { get; init; } = 1000;
    /// <summary>Square input side in pixels.</summary>
    public int InputResolution { get; init; } = 224;
}
