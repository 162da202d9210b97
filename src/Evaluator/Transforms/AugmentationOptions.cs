namespace NasLab.Evaluator;

/// <summary>
/// Training-time augmentation, the standard CIFAR recipe: random crop from a zero-padded image,
/// random horizontal flip, optional cutout. Set a knob to 0/false to disable it.
/// </summary>
/// <param name="CropPadding">Zero padding on each side before a random crop back to the original size (4 for CIFAR).</param>
/// <param name="HorizontalFlip">Mirror left-right with probability 1/2.</param>
/// <param name="CutoutSize">Side of a square zeroed (after normalization, i.e. set to the mean) at a random centre; 0 = off.</param>
public sealed record AugmentationOptions(int CropPadding = 4, bool HorizontalFlip = true, int CutoutSize = 0)
{
    public static AugmentationOptions Standard { get; } = new();
    public static AugmentationOptions StandardWithCutout(int size = 16) => new(CutoutSize: size);
}
