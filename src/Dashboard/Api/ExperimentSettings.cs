using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Store;
using NasLab.SearchSpace.Schema;

namespace NasLab.Dashboard.Api;

/// <summary>
/// What the pages need from an experiment's stored configuration: its reward (the Pareto page draws the target and
/// iso-reward curves of exactly that function), its budget, and the names of its search space's decisions.
/// Read from the resolved YAML the store keeps, so a page never depends on files on the dashboard's machine. A
/// stored configuration this version cannot read (an older naslab's) leaves <see cref="Config"/> null: the trials
/// are still shown, without the reward curves, budget and decision names.
/// </summary>
internal sealed record ExperimentSettings(ExperimentConfig? Config, DecisionSchema? Schema)
{
    public static ExperimentSettings Of(ExperimentInfo experiment)
    {
        ExperimentConfig config;
        try { config = ExperimentConfigLoader.Parse(experiment.ResolvedConfigYaml, $"{experiment.Name} (stored configuration)", experiment.Name); }
        catch (ConfigException) { return new ExperimentSettings(null, null); }
        DecisionSchema? schema;
        try
        {
            // Decision names and choices do not depend on the input size or class count; the stored dataset's are used.
            schema = ExperimentSpace.Create(config.SearchSpace, config.Dataset.Resolution, 10, experiment.Name).Space.Schema;
        }
        catch (ConfigException)
        {
            schema = null;
        }
        return new ExperimentSettings(config, schema);
    }
}
