namespace NasLab.Search.Config.Sections;

/// <summary>
/// Parses <c>reward</c>. The exponents come from exactly one of: <c>constraint</c> (soft/hard),
/// a single <c>w</c> used on both sides of the target, or explicit <c>alpha</c> and <c>beta</c>.
/// Mixing them is an error because one would silently override the other.
/// </summary>
internal static class RewardSection
{
    public static readonly string[] Keys = ["target_ms", "constraint", "w", "alpha", "beta"];

    // A positive exponent would reward slower models; 10 is far beyond any useful penalty.
    private static readonly NumberRange ExponentRange = new(-10, true, 0, true);

    public static RewardConfig Parse(MappingReader root)
    {
        var s = root.Section("reward", Keys) ?? throw root.Missing("reward");
        var target = s.Number("target_ms", NumberRange.Positive) ?? throw s.Missing("target_ms");

        var hasConstraint = s.Has("constraint");
        var hasW = s.Has("w");
        var hasAlpha = s.Has("alpha");
        var hasBeta = s.Has("beta");

        if (hasConstraint && (hasW || hasAlpha || hasBeta))
        {
            var other = hasW ? "w" : hasAlpha ? "alpha" : "beta";
            throw s.Error(other, "cannot be combined with constraint; use either constraint (soft/hard), w, or alpha and beta");
        }
        if (hasW && (hasAlpha || hasBeta))
        {
            throw s.Error(hasAlpha ? "alpha" : "beta", "cannot be combined with w; use either w or alpha and beta");
        }
        if (hasAlpha != hasBeta)
        {
            throw s.Error(hasAlpha ? "alpha" : "beta", $"{(hasAlpha ? "alpha" : "beta")} needs {(hasAlpha ? "beta" : "alpha")} as well");
        }

        if (hasW)
        {
            var w = s.Number("w", ExponentRange)!.Value;
            return new RewardConfig(target, w, w, RewardForm.SingleExponent);
        }
        if (hasAlpha)
        {
            return new RewardConfig(target, s.Number("alpha", ExponentRange)!.Value, s.Number("beta", ExponentRange)!.Value,
                RewardForm.ExplicitExponents);
        }
        return (s.Choice("constraint", Choices.RewardConstraints) ?? RewardConstraint.Soft) == RewardConstraint.Hard
            ? RewardConfig.Hard(target)
            : RewardConfig.Soft(target);
    }
}
