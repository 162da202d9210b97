using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Validation;

namespace NasLab.SearchSpace.Text;

/// <summary>
/// timm-style block strings, e.g. <c>ir_r3_k3.5.7_s2_e6_c40_se0.25_swish</c>. Tokens:
/// op (<c>cn</c> regular conv, <c>ds</c> separable, <c>ir</c> MBConv), <c>r</c> repeats, <c>k</c> kernels
/// (dot-separated = MixConv groups), <c>s</c> stride, <c>e</c> expansion, <c>x</c> explicit expanded width,
/// <c>c</c> out channels, <c>se</c> ratio (MnasNet/EfficientNet SE) or <c>hse</c> ratio (MobileNetV3 SE),
/// <c>a</c>/<c>p</c> expand/project groups, <c>noskip</c>/<c>poolskip</c> (default identity residual),
/// <c>pwact</c> (activation after the pointwise conv), activation word. Printing then parsing is lossless.
/// </summary>
public static class BlockString
{
    private static readonly (BlockOp Op, string Prefix)[] Ops = [(BlockOp.Conv, "cn"), (BlockOp.SepConv, "ds"), (BlockOp.MBConv, "ir")];

    private const string AllowedTokens =
        "r<repeats>, k<k1.k2...>, s<stride>, e<expansion>, x<expanded width>, c<channels>, se<ratio>, hse<ratio>, " +
        "a<expand groups>, p<project groups>, noskip, poolskip, pwact, relu, relu6, swish, hswish, linear";

    public static string Format(BlockSpec b)
    {
        var t = new List<string>
        {
            Ops.First(o => o.Op == b.Op).Prefix,
            $"r{b.Repeats}",
            "k" + string.Join('.', b.Kernels),
            $"s{b.Stride}",
        };
        if (b.Op == BlockOp.MBConv || b.Expansion != 1.0) t.Add("e" + Tokens.Num(b.Expansion));
        if (b.ExpandedChannels is int x) t.Add($"x{x}");
        t.Add($"c{b.OutChannels}");
        if (b.SeRatio != 0) t.Add((b.SeStyle == SeStyle.HardSigmoid ? "hse" : "se") + Tokens.Num(b.SeRatio));
        else if (b.SeStyle == SeStyle.HardSigmoid) t.Add("hse0");
        if (b.ExpandGroups != 1) t.Add($"a{b.ExpandGroups}");
        if (b.ProjectGroups != 1) t.Add($"p{b.ProjectGroups}");
        if (b.Skip == SkipOp.None) t.Add("noskip");
        if (b.Skip == SkipOp.Pool) t.Add("poolskip");
        if (b.ProjectActivation) t.Add("pwact");
        t.Add(Tokens.Word(b.Activation));
        return string.Join('_', t);
    }

    public static BlockSpec Parse(string text)
    {
        string ctx = $"block '{text}'";
        var parts = text.Trim().Split('_', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new FormatException($"{ctx}: empty block string.");
        var op = Ops.FirstOrDefault(o => o.Prefix == parts[0]);
        if (op.Prefix is null)
            throw new FormatException($"{ctx}: token '{parts[0]}' is not a block type; allowed: cn (conv), ds (separable), ir (mbconv).");
        var b = new BlockSpec { Op = op.Op, Expansion = 1.0 };
        bool sawChannels = false;
        foreach (var tok in parts.Skip(1))
        {
            if (Tokens.TryActivation(tok, out var act)) { b = b with { Activation = act }; continue; }
            switch (tok)
            {
                case "noskip": b = b with { Skip = SkipOp.None }; continue;
                case "poolskip": b = b with { Skip = SkipOp.Pool }; continue;
                case "pwact": b = b with { ProjectActivation = true }; continue;
            }
            if (tok.StartsWith("hse")) b = b with { SeStyle = SeStyle.HardSigmoid, SeRatio = Tokens.Double(tok[3..], tok, ctx, "SE ratio") };
            else if (tok.StartsWith("se")) b = b with { SeStyle = SeStyle.Block, SeRatio = Tokens.Double(tok[2..], tok, ctx, "SE ratio") };
            else switch (tok[0])
            {
                case 'r': b = b with { Repeats = Tokens.Int(tok[1..], tok, ctx, "repeat count") }; break;
                case 'k': b = b with { Kernels = ParseKernels(tok, ctx) }; break;
                case 's':
                    int s = Tokens.Int(tok[1..], tok, ctx, "stride");
                    if (!Allowed.Strides.Contains(s)) throw new FormatException($"{ctx}: token '{tok}': stride {s} is not allowed; allowed strides: {Allowed.List(Allowed.Strides)}.");
                    b = b with { Stride = s };
                    break;
                case 'e': b = b with { Expansion = Tokens.Double(tok[1..], tok, ctx, "expansion ratio") }; break;
                case 'x': b = b with { ExpandedChannels = Tokens.Int(tok[1..], tok, ctx, "expanded width") }; break;
                case 'c': b = b with { OutChannels = Tokens.Int(tok[1..], tok, ctx, "channel count") }; sawChannels = true; break;
                case 'a': b = b with { ExpandGroups = Tokens.Int(tok[1..], tok, ctx, "group count") }; break;
                case 'p': b = b with { ProjectGroups = Tokens.Int(tok[1..], tok, ctx, "group count") }; break;
                default: throw new FormatException($"{ctx}: unknown token '{tok}'; allowed tokens: {AllowedTokens}.");
            }
        }
        if (!sawChannels) throw new FormatException($"{ctx}: missing the c<channels> token.");
        return b;
    }

    private static ValueList<int> ParseKernels(string tok, string ctx)
    {
        var ks = tok[1..].Split('.').Select(k => Tokens.Int(k, tok, ctx, "kernel size")).ToArray();
        foreach (var k in ks)
            if (!Allowed.Kernels.Contains(k))
                throw new FormatException($"{ctx}: token '{tok}': kernel {k} is not allowed; allowed kernels: {Allowed.List(Allowed.Kernels)}.");
        return ValueList.From(ks);
    }
}
