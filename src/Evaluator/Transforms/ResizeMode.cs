namespace NasLab.Evaluator;

public enum ResizeMode
{
    /// <summary>Source pixel floor(dst * in / out), as PyTorch's "nearest".</summary>
    Nearest,
    /// <summary>Half-pixel-centre bilinear (PyTorch align_corners=False), rounded to the nearest byte.</summary>
    Bilinear,
}
