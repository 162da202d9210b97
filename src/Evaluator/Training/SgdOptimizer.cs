using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Evaluator.Training;

/// <summary>
/// The recipe's SGD (momentum, optional Nesterov, L2 weight decay) over a module's parameters, in two groups:
/// weights of convolutions and linear layers (2-D and up) are decayed, one-dimensional parameters (batch-norm
/// scales and shifts, biases) are not. Decaying those only shrinks batch-norm scales toward zero without
/// regularising what the layers compute; excluding them is the usual practice (Goyal et al. 2017,
/// timm / torchvision recipes).
/// </summary>
internal static class SgdOptimizer
{
    public static SGD Create(nn.Module module, TrainingRecipe recipe)
    {
        var (decayed, notDecayed) = Split(module);
        var groups = new List<SGD.ParamGroup>();
        if (decayed.Count > 0) groups.Add(Group(decayed, recipe, recipe.WeightDecay));
        if (notDecayed.Count > 0) groups.Add(Group(notDecayed, recipe, 0));
        if (groups.Count == 0) throw new ArgumentException("The network has no trainable parameters.", nameof(module));
        return torch.optim.SGD(groups, recipe.LearningRate, recipe.Momentum, dampening: 0, weight_decay: recipe.WeightDecay, nesterov: recipe.Nesterov);
    }

    /// <summary>Trainable parameters split into the decayed (rank >= 2) and the not decayed (rank 1) ones, with their names.</summary>
    public static (List<(string Name, Parameter Parameter)> Decayed, List<(string Name, Parameter Parameter)> NotDecayed) Split(nn.Module module)
    {
        var decayed = new List<(string, Parameter)>();
        var notDecayed = new List<(string, Parameter)>();
        foreach (var (name, p) in module.named_parameters())
            if (p.requires_grad) (IsDecayed(p) ? decayed : notDecayed).Add((name, p));
        return (decayed, notDecayed);
    }

    private static bool IsDecayed(Parameter p) => p.dim() >= 2;

    private static SGD.ParamGroup Group(List<(string Name, Parameter Parameter)> parameters, TrainingRecipe recipe, double weightDecay) =>
        new(parameters.Select(p => p.Parameter), recipe.LearningRate, recipe.Momentum, dampening: 0, weight_decay: weightDecay, nesterov: recipe.Nesterov, maximize: false);
}
