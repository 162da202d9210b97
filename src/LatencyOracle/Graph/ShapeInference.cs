namespace NasLab.LatencyOracle.Graph;

/// <summary>
/// Output shapes of the builder's operators, following the ONNX operator definitions. The builder
/// needs them because graph outputs must declare a shape, and computing them as the graph grows also
/// turns a wrong layer configuration into an immediate C# error naming the node.
/// Unknown (symbolic) dimensions propagate; when an operator mixes a symbol into arithmetic the
/// result gets a fresh symbol "{node}_d{axis}".
/// </summary>
internal static class ShapeInference
{
    public static Dim[] Broadcast(string node, Dim[] a, Dim[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new Dim[rank];
        for (var i = 0; i < rank; i++)
        {
            var x = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : Dim.Of(1);
            var y = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : Dim.Of(1);
            result[i] =
                x == y ? x :
                x.IsKnown && x.Value == 1 ? y :
                y.IsKnown && y.Value == 1 ? x :
                !x.IsKnown && y.IsKnown ? y :
                x.IsKnown && !y.IsKnown ? x :
                x.IsKnown && y.IsKnown
                    ? throw new ArgumentException($"Node '{node}': shapes [{Format(a)}] and [{Format(b)}] do not broadcast.")
                    : Dim.Symbolic($"{node}_d{i}");
        }
        return result;
    }

    /// <summary>Conv output: [N, O, H', W'].</summary>
    public static Dim[] Conv(string node, Dim[] x, Dim[] w, ConvOptions options)
    {
        RequireRank(node, "input", x, 4);
        RequireRank(node, "weight", w, 4);
        if (!w.All(d => d.IsKnown))
            throw new ArgumentException($"Node '{node}': the weight shape must be fixed, got [{Format(w)}].");
        if (x[1].IsKnown && x[1].Value != w[1].Value * options.Group)
            throw new ArgumentException(
                $"Node '{node}': input has {x[1].Value} channels but weight [{Format(w)}] with group {options.Group} expects {w[1].Value * options.Group}.");
        if (w[0].Value % options.Group != 0)
            throw new ArgumentException($"Node '{node}': {w[0].Value} output channels are not divisible by group {options.Group}.");
        var strides = options.Strides ?? [1, 1];
        var pads = options.Pads ?? [0, 0, 0, 0];
        var dilations = options.Dilations ?? [1, 1];
        return
        [
            x[0], w[0],
            Window(node, 2, x[2], (int)w[2].Value, strides[0], pads[0], pads[2], dilations[0], ceil: false),
            Window(node, 3, x[3], (int)w[3].Value, strides[1], pads[1], pads[3], dilations[1], ceil: false),
        ];
    }

    public static Dim[] Pool(string node, Dim[] x, PoolOptions options)
    {
        RequireRank(node, "input", x, 4);
        var strides = options.Strides ?? [1, 1];
        var pads = options.Pads ?? [0, 0, 0, 0];
        return
        [
            x[0], x[1],
            Window(node, 2, x[2], options.Kernel[0], strides[0], pads[0], pads[2], 1, options.CeilMode),
            Window(node, 3, x[3], options.Kernel[1], strides[1], pads[1], pads[3], 1, options.CeilMode),
        ];
    }

    public static Dim[] GlobalPool(string node, Dim[] x)
    {
        RequireRank(node, "input", x, 4);
        return [x[0], x[1], 1, 1];
    }

    public static Dim[] Flatten(string node, Dim[] x, int axis)
    {
        if (axis < 0) axis += x.Length;
        if (axis < 0 || axis > x.Length)
            throw new ArgumentException($"Node '{node}': Flatten axis {axis} is out of range for rank {x.Length}.");
        return [Product(node, 0, x[..axis]), Product(node, 1, x[axis..])];
    }

    public static Dim[] Gemm(string node, Dim[] a, Dim[] b, bool transA, bool transB)
    {
        RequireRank(node, "A", a, 2);
        RequireRank(node, "B", b, 2);
        var (m, k1) = transA ? (a[1], a[0]) : (a[0], a[1]);
        var (k2, n) = transB ? (b[1], b[0]) : (b[0], b[1]);
        if (k1.IsKnown && k2.IsKnown && k1.Value != k2.Value)
            throw new ArgumentException($"Node '{node}': Gemm inner dimensions differ ({k1} vs {k2}) for A [{Format(a)}] and B [{Format(b)}].");
        return [m, n];
    }

    public static Dim[] Concat(string node, IReadOnlyList<Dim[]> inputs, int axis)
    {
        var first = inputs[0];
        axis = NormalizeAxis(node, axis, first.Length);
        if (inputs.Any(s => s.Length != first.Length))
            throw new ArgumentException($"Node '{node}': Concat inputs have different ranks.");
        var result = (Dim[])first.Clone();
        var along = inputs.Select(s => s[axis]).ToArray();
        result[axis] = along.All(d => d.IsKnown) ? Dim.Of(along.Sum(d => d.Value)) : Dim.Symbolic($"{node}_d{axis}");
        return result;
    }

    public static Dim[][] Split(string node, Dim[] x, int axis, IReadOnlyList<long> sizes)
    {
        axis = NormalizeAxis(node, axis, x.Length);
        if (x[axis].IsKnown && x[axis].Value != sizes.Sum())
            throw new ArgumentException($"Node '{node}': split sizes [{string.Join(",", sizes)}] do not add up to dimension {x[axis].Value}.");
        return sizes.Select(size =>
        {
            var part = (Dim[])x.Clone();
            part[axis] = size;
            return part;
        }).ToArray();
    }

    public static Dim[] Slice(string node, Dim[] x, long[] starts, long[] ends, long[] axes, long[]? steps)
    {
        var result = (Dim[])x.Clone();
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = NormalizeAxis(node, (int)axes[i], x.Length);
            var step = steps?[i] ?? 1;
            if (step == 0)
                throw new ArgumentException($"Node '{node}': Slice step must not be 0.");
            if (!x[axis].IsKnown)
            {
                result[axis] = Dim.Symbolic($"{node}_d{axis}");
                continue;
            }
            var size = x[axis].Value;
            long Clamp(long v, long low, long high) => Math.Clamp(v < 0 ? v + size : v, low, high);
            var length = step > 0
                ? Math.Max(0, CeilDiv(Clamp(ends[i], 0, size) - Clamp(starts[i], 0, size), step))
                : Math.Max(0, CeilDiv(Clamp(starts[i], 0, size - 1) - Clamp(ends[i], -1, size - 1), -step));
            result[axis] = length;
        }
        return result;
    }

    public static Dim[] Pad(string node, Dim[] x, long[] pads)
    {
        if (pads.Length != 2 * x.Length)
            throw new ArgumentException($"Node '{node}': Pad needs {2 * x.Length} pads for a rank-{x.Length} input, got {pads.Length}.");
        return x.Select((d, i) => d.IsKnown ? Dim.Of(d.Value + pads[i] + pads[i + x.Length]) :
            pads[i] + pads[i + x.Length] == 0 ? d : Dim.Symbolic($"{node}_d{i}")).ToArray();
    }

    public static Dim[] Reshape(string node, Dim[] x, long[] shape)
    {
        if (shape.Count(s => s == -1) > 1)
            throw new ArgumentException($"Node '{node}': Reshape shape [{string.Join(",", shape)}] has more than one -1.");
        var result = new Dim[shape.Length];
        var inferred = -1;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] == 0)
                result[i] = i < x.Length ? x[i] : throw new ArgumentException($"Node '{node}': Reshape copies dimension {i} the input lacks.");
            else if (shape[i] == -1)
                inferred = i;
            else
                result[i] = shape[i];
        }
        var inputKnown = x.Where(d => d.IsKnown).Aggregate(1L, (p, d) => p * d.Value);
        var inputSymbols = x.Where(d => !d.IsKnown).Select(d => d.Symbol!).ToList();
        var outputKnown = result.Where((d, i) => i != inferred && d.IsKnown).Aggregate(1L, (p, d) => p * d.Value);
        foreach (var copied in result.Where((d, i) => i != inferred && !d.IsKnown))
            inputSymbols.Remove(copied.Symbol!);

        if (inferred < 0)
        {
            if (inputSymbols.Count == 0 && inputKnown != outputKnown)
                throw new ArgumentException($"Node '{node}': cannot reshape [{Format(x)}] ({inputKnown} elements) to [{string.Join(",", shape)}].");
            return result;
        }
        if (inputSymbols.Count == 0)
        {
            if (outputKnown == 0 || inputKnown % outputKnown != 0)
                throw new ArgumentException($"Node '{node}': cannot reshape [{Format(x)}] ({inputKnown} elements) to [{string.Join(",", shape)}].");
            result[inferred] = inputKnown / outputKnown;
        }
        else
        {
            // e.g. [batch, 8, 1, 1] -> [-1, 8]: the -1 is exactly the one leftover symbol.
            result[inferred] = inputSymbols.Count == 1 && inputKnown == outputKnown
                ? Dim.Symbolic(inputSymbols[0])
                : Dim.Symbolic($"{node}_d{inferred}");
        }
        return result;
    }

    public static string Format(IEnumerable<Dim> shape) => string.Join(",", shape);

    private static Dim Window(string node, int axis, Dim size, int kernel, int stride, int padBegin, int padEnd, int dilation, bool ceil)
    {
        if (!size.IsKnown)
            return Dim.Symbolic($"{node}_d{axis}");
        var span = size.Value + padBegin + padEnd - ((long)dilation * (kernel - 1) + 1);
        if (span < 0)
            throw new ArgumentException($"Node '{node}': kernel {kernel} (dilation {dilation}) is larger than padded input {size.Value + padBegin + padEnd} on axis {axis}.");
        return (ceil ? CeilDiv(span, stride) : span / stride) + 1;
    }

    private static Dim Product(string node, int axis, Dim[] dims) =>
        dims.All(d => d.IsKnown) ? Dim.Of(dims.Aggregate(1L, (p, d) => p * d.Value)) :
        dims.Count(d => !d.IsKnown) == 1 && dims.Where(d => d.IsKnown).All(d => d.Value == 1) ? dims.First(d => !d.IsKnown) :
        Dim.Symbolic($"{node}_d{axis}");

    private static long CeilDiv(long a, long b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    private static int NormalizeAxis(string node, int axis, int rank)
    {
        var normalized = axis < 0 ? axis + rank : axis;
        return normalized >= 0 && normalized < rank
            ? normalized
            : throw new ArgumentException($"Node '{node}': axis {axis} is out of range for rank {rank}.");
    }

    private static void RequireRank(string node, string what, Dim[] shape, int rank)
    {
        if (shape.Length != rank)
            throw new ArgumentException($"Node '{node}': {what} must be rank {rank}, got [{Format(shape)}].");
    }
}
