namespace NasLab.Torch.Nn;

/// <summary>Applies its children in order. Children are named "0", "1", ... unless names are given.</summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> _layers = [];

    public Sequential(params Module<Tensor, Tensor>[] layers)
    {
        foreach (var layer in layers) Add(layer);
    }

    public Sequential(params (string Name, Module<Tensor, Tensor> Layer)[] layers)
    {
        foreach (var (name, layer) in layers) Add(name, layer);
    }

    public int Count => _layers.Count;
    public Module<Tensor, Tensor> this[int i] => _layers[i];

    public Sequential Add(Module<Tensor, Tensor> layer) => Add(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);

    public Sequential Add(string name, Module<Tensor, Tensor> layer)
    {
        RegisterModule(name, layer);
        _layers.Add(layer);
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }
}
