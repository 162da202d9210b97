using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Zoo;

namespace NasLab.Tests.Search;

/// <summary>
/// The one training-recipe map and the one small-input adaptation (issue 11 item 12), shared by search's
/// children and <c>naslab train</c>.
/// </summary>
public class ExperimentRecipeTests
{
    [Fact]
    public void Recipe_takes_every_proxy_training_field_and_the_seed()
    {
        var config = ExperimentConfigLoader.Parse("""
            seed: 7
            reward: {target_ms: 5}
            proxy_training:
              epochs: 3
              batch_size: 32
              lr: 0.2
              momentum: 0.8
              nesterov: false
              weight_decay: 0.001
              warmup_epochs: 1
              label_smoothing: 0.05
            """, "test.yaml", "test");

        var recipe = ExperimentRecipe.From(config);

        Assert.Equal((3, 32, 0.2, 0.8, false, 0.001, 1.0, 0.05, "cpu", 7UL),
            (recipe.Epochs, recipe.BatchSize, recipe.LearningRate, recipe.Momentum, recipe.Nesterov, recipe.WeightDecay,
             recipe.WarmupEpochs, recipe.LabelSmoothing, recipe.Device, recipe.Seed));
    }

    [Fact]
    public void A_zoo_block_network_for_cifar_gets_a_stride_1_stem_and_its_first_stride_2_stage_unstrided()
    {
        var imagenet = (BlockNetwork)ModelZoo.Get("mnasnet-a1");
        var firstStrided = imagenet.Stages.ToList().FindIndex(s => s.Stride > 1 && s.Repeats > 0);

        var cifar = (BlockNetwork)SmallInputAdaptation.Fit(imagenet, 32, 10);

        Assert.Equal((32, 10, 1), (cifar.InputResolution, cifar.NumClasses, cifar.Stem.Stride));
        Assert.Equal(1, cifar.Stages[firstStrided].Stride);
        Assert.Equal(imagenet.Stages.Skip(firstStrided + 1).Select(s => s.Stride), cifar.Stages.Skip(firstStrided + 1).Select(s => s.Stride));
    }

    [Fact]
    public void Large_inputs_keep_the_strides_and_change_only_input_and_classes()
    {
        var imagenet = (BlockNetwork)ModelZoo.Get("mnasnet-a1");

        var fitted = (BlockNetwork)SmallInputAdaptation.Fit(imagenet, 128, 100);

        Assert.Equal(imagenet with { InputResolution = 128, NumClasses = 100 }, fitted);
    }

    [Fact]
    public void A_searched_child_is_the_zoo_rule_applied_to_the_decoded_network()
    {
        var config = ExperimentConfigLoader.Parse("reward: {target_ms: 5}\n", "test.yaml", "test");
        var space = ExperimentSpace.Create(config.SearchSpace, 32, 10, "test.yaml");
        var decisions = new int[space.Space.Schema.Length];

        Assert.Equal(SmallInputAdaptation.Fit(space.Space.Decode(decisions), 32, 10), space.Child(decisions));
        Assert.Equal(1, ((BlockNetwork)space.Child(decisions)).Stem.Stride);
    }
}
