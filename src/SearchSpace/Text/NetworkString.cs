using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Text;

/// <summary>
/// A <see cref="BlockNetwork"/> as text, one line per part:
/// <c>name ...</c> (optional), <c>input_r224_n1000</c>, <c>stem_k3_s2_c32_relu</c>, one block string per stage,
/// <c>head_c1280_relu_h1280_hswish_d0.2_conv1x1</c> (c = 1x1 conv width, h = hidden linear, each followed by
/// its activation; d = dropout; conv1x1 = 1x1-conv classifier instead of linear).
/// </summary>
public static class NetworkString
{
    public static string Format(BlockNetwork net)
    {
        var lines = new List<string>();
        if (net.Name.Length > 0) lines.Add($"name {net.Name}");
        lines.Add($"input_r{net.InputResolution}_n{net.NumClasses}");
        lines.Add($"stem_k{net.Stem.Kernel}_s{net.Stem.Stride}_c{net.Stem.Channels}_{Tokens.Word(net.Stem.Activation)}");
        lines.AddRange(net.Stages.Select(BlockString.Format));
        lines.Add(FormatHead(net.Head));
        return string.Join('\n', lines);
    }

    private static string FormatHead(HeadSpec h)
    {
        var t = new List<string> { "head" };
        if (h.ConvChannels is int c) { t.Add($"c{c}"); t.Add(Tokens.Word(h.ConvActivation)); }
        if (h.HiddenFeatures is int f) { t.Add($"h{f}"); t.Add(Tokens.Word(h.HiddenActivation)); }
        if (h.Dropout != 0) t.Add("d" + Tokens.Num(h.Dropout));
        if (h.Classifier == ClassifierKind.Conv1x1) t.Add("conv1x1");
        return string.Join('_', t);
    }

    public static BlockNetwork Parse(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        var net = new BlockNetwork();
        var stages = new List<BlockSpec>();
        bool sawStem = false, sawHead = false;
        foreach (var line in lines)
        {
            if (line.StartsWith("name ")) net = net with { Name = line[5..].Trim() };
            else if (line.StartsWith("input_")) net = ParseInput(net, line);
            else if (line.StartsWith("stem_")) { net = net with { Stem = ParseStem(line) }; sawStem = true; }
            else if (line.StartsWith("head")) { net = net with { Head = ParseHead(line) }; sawHead = true; }
            else stages.Add(BlockString.Parse(line));
        }
        if (!sawStem) throw new FormatException("network string: missing the 'stem_...' line.");
        if (!sawHead) throw new FormatException("network string: missing the 'head...' line.");
        return net with { Stages = ValueList.From(stages) };
    }

    private static BlockNetwork ParseInput(BlockNetwork net, string line)
    {
        foreach (var tok in line.Split('_').Skip(1))
        {
            if (tok.StartsWith('r')) net = net with { InputResolution = Tokens.Int(tok[1..], tok, $"line '{line}'", "resolution") };
            else if (tok.StartsWith('n')) net = net with { NumClasses = Tokens.Int(tok[1..], tok, $"line '{line}'", "class count") };
            else throw new FormatException($"line '{line}': unknown token '{tok}'; allowed: r<resolution>, n<classes>.");
        }
        return net;
    }

    private static StemSpec ParseStem(string line)
    {
        var s = new StemSpec();
        string ctx = $"line '{line}'";
        foreach (var tok in line.Split('_').Skip(1))
        {
            if (Tokens.TryActivation(tok, out var a)) s = s with { Activation = a };
            else if (tok.StartsWith('k')) s = s with { Kernel = Tokens.Int(tok[1..], tok, ctx, "kernel") };
            else if (tok.StartsWith('s')) s = s with { Stride = Tokens.Int(tok[1..], tok, ctx, "stride") };
            else if (tok.StartsWith('c')) s = s with { Channels = Tokens.Int(tok[1..], tok, ctx, "channels") };
            else throw new FormatException($"{ctx}: unknown token '{tok}'; allowed: k<kernel>, s<stride>, c<channels>, {Tokens.AllowedActivations}.");
        }
        return s;
    }

    private static HeadSpec ParseHead(string line)
    {
        var h = new HeadSpec();
        string ctx = $"line '{line}'";
        char lastWidth = ' ';
        foreach (var tok in line.Split('_').Skip(1))
        {
            if (Tokens.TryActivation(tok, out var a))
            {
                h = lastWidth switch
                {
                    'c' => h with { ConvActivation = a },
                    'h' => h with { HiddenActivation = a },
                    _ => throw new FormatException($"{ctx}: activation '{tok}' must follow a c<width> or h<width> token."),
                };
            }
            else if (tok == "conv1x1") h = h with { Classifier = ClassifierKind.Conv1x1 };
            else if (tok.StartsWith('c')) { h = h with { ConvChannels = Tokens.Int(tok[1..], tok, ctx, "conv width") }; lastWidth = 'c'; }
            else if (tok.StartsWith('h')) { h = h with { HiddenFeatures = Tokens.Int(tok[1..], tok, ctx, "hidden width") }; lastWidth = 'h'; }
            else if (tok.StartsWith('d')) h = h with { Dropout = Tokens.Double(tok[1..], tok, ctx, "dropout") };
            else throw new FormatException($"{ctx}: unknown token '{tok}'; allowed: c<conv width>, h<hidden width>, d<dropout>, conv1x1, {Tokens.AllowedActivations}.");
        }
        return h;
    }
}
