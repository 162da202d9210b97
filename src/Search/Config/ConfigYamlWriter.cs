using System.Globalization;
using System.Text;
using NasLab.Controller.Training;

namespace NasLab.Search.Config;

/// <summary>
/// Writes a resolved config back as YAML with every default spelled out, in a fixed key order.
/// The output parses back to an equal config, which makes it both what <c>naslab validate</c>
/// prints and the canonical text the config hash is computed from.
/// </summary>
public static class ConfigYamlWriter
{
    /// <param name="c">The resolved config to print.</param>
    /// <param name="includeRunControl">
    /// False leaves out <c>budget</c> and <c>output_dir</c>: they decide how long and where a search runs,
    /// not what a trial means, so they do not take part in the config hash (a resume may extend the budget).
    /// </param>
    public static string Write(ExperimentConfig c, bool includeRunControl = true)
    {
        var w = new Writer();
        w.Line(0, "name", Quote(c.Name));
        w.Line(0, "seed", Int(c.Seed));
        if (includeRunControl) w.Line(0, "output_dir", Quote(c.OutputDir));

        w.Section(0, "search_space");
        w.Line(1, "kind", Choices.SearchSpaceKinds.NameOf(c.SearchSpace.Kind));
        if (!c.SearchSpace.Overrides.IsEmpty)
        {
            w.Section(1, "overrides");
            var o = c.SearchSpace.Overrides;
            if (o.Choices is not null) w.Node(2, "choices", o.Choices);
            if (o.Blocks is not null) w.Node(2, "blocks", o.Blocks);
            if (o.Stem is not null) w.Node(2, "stem", o.Stem);
            if (o.Cells is not null) w.Node(2, "cells", o.Cells);
        }

        var d = c.Dataset;
        w.Section(0, "dataset");
        w.Line(1, "name", Choices.Datasets.NameOf(d.Name));
        w.Line(1, "path", Quote(d.Path));
        w.Line(1, "validation_size", Int(d.ValidationSize));
        w.Line(1, "train_subset", d.TrainSubset is { } t ? Int(t) : "null");
        w.Line(1, "resolution", Int(d.Resolution));
        w.Line(1, "split_seed", Int(d.SplitSeed));

        var p = c.ProxyTraining;
        w.Section(0, "proxy_training");
        w.Line(1, "epochs", Int(p.Epochs));
        w.Line(1, "batch_size", Int(p.BatchSize));
        w.Line(1, "lr", Num(p.Lr));
        w.Line(1, "momentum", Num(p.Momentum));
        w.Line(1, "nesterov", p.Nesterov ? "true" : "false");
        w.Line(1, "weight_decay", Num(p.WeightDecay));
        w.Line(1, "warmup_epochs", Int(p.WarmupEpochs));
        w.Line(1, "label_smoothing", Num(p.LabelSmoothing));
        w.Line(1, "width_multiplier", Num(p.WidthMultiplier));
        w.Line(1, "time_limit_seconds", p.TimeLimitSeconds is { } tl ? Num(tl) : "null");
        w.Line(1, "device", p.Device);

        var s = c.Strategy;
        w.Section(0, "strategy");
        w.Line(1, "type", Choices.StrategyTypes.NameOf(s.Type));
        if (s.Rl is { } rl)
        {
            var (ctl, tr) = (rl.Controller, rl.Training);
            w.Section(1, "rl");
            w.Line(2, "hidden_size", Int(ctl.HiddenSize));
            w.Line(2, "layers", Int(ctl.Layers));
            w.Line(2, "learning_rate", Num(tr.LearningRate));
            w.Line(2, "baseline_decay", Num(tr.BaselineDecay));
            w.Line(2, "entropy_weight", Num(tr.EntropyWeight));
            w.Line(2, "temperature", ctl.Temperature is { } tp ? Num(tp) : "null");
            w.Line(2, "tanh_constant", ctl.TanhConstant is { } tc ? Num(tc) : "null");
            w.Line(2, "batch_size", Int(tr.BatchSize));
            w.Line(2, "optimizer", Choices.RlOptimizers.NameOf(tr.Algorithm));
            if (tr.Algorithm == PolicyGradientAlgorithm.Ppo) w.Line(2, "ppo_clip", Num(tr.PpoClip));
        }
        if (s.Evolution is { } ev)
        {
            w.Section(1, "evolution");
            w.Line(2, "population", Int(ev.PopulationSize));
            w.Line(2, "sample_size", Int(ev.SampleSize));
        }

        var r = c.Reward;
        w.Section(0, "reward");
        w.Line(1, "target_ms", Num(r.TargetMs));
        switch (r.Form)
        {
            case RewardForm.Soft: w.Line(1, "constraint", "soft"); break;
            case RewardForm.Hard: w.Line(1, "constraint", "hard"); break;
            case RewardForm.SingleExponent: w.Line(1, "w", Num(r.Alpha)); break;
            default:
                w.Line(1, "alpha", Num(r.Alpha));
                w.Line(1, "beta", Num(r.Beta));
                break;
        }

        // Written only when not the default, so the hash of every stand-alone experiment stays what it was.
        if (c.Evaluation.WeightSharing is { } ws)
        {
            w.Section(0, "evaluation");
            w.Line(1, "mode", Choices.EvaluationModes.NameOf(c.Evaluation.Mode));
            w.Section(1, "weight_sharing");
            w.Line(2, "warmup_steps", Int(ws.WarmupSteps));
            w.Line(2, "rounds", Int(ws.Rounds));
            w.Line(2, "train_steps", Int(ws.TrainSteps));
            w.Line(2, "candidates", Int(ws.Candidates));
            w.Line(2, "paths", Int(ws.Paths));
            w.Line(2, "lr", Num(ws.Lr));
            w.Line(2, "recalibration_batches", Int(ws.RecalibrationBatches));
            w.Line(2, "validation_images", Int(ws.ValidationImages));
            w.Line(2, "rerank", Int(ws.Rerank));
            w.Line(2, "checkpoint_rounds", Int(ws.CheckpointRounds));
            if (ws.GradClip > 0) w.Line(2, "grad_clip", Num(ws.GradClip)); // absent when off, so earlier searches keep their hash
        }

        var l = c.Latency;
        w.Section(0, "latency");
        if (l.Device == LatencyDevice.Remote)
        {
            w.Line(1, "device", $"[{string.Join(", ", l.Agents.Select(a => Quote(a.ToString())))}]");
            w.Line(1, "threads", Int(l.Threads));
            w.Line(1, "token_file", Quote(l.TokenFile!));
            if (l.AgentTimeout is { } timeout) w.Line(1, "agent_timeout", DurationText.Format(timeout));
        }
        else
        {
            w.Line(1, "device", Choices.LatencyDevices.NameOf(l.Device));
            if (l.Device == LatencyDevice.Custom) w.Line(1, "threads", Int(l.Threads));
        }
        w.Line(1, "mode", Choices.LatencyModes.NameOf(l.Mode));
        w.Line(1, "runs", Int(l.Runs));
        w.Line(1, "warmup_runs", Int(l.WarmupRuns));
        if (l.Mode == LatencyMode.LutVerify) w.Line(1, "verify_every", Int(l.VerifyEvery));

        if (includeRunControl)
        {
            w.Section(0, "budget");
            w.Line(1, "trials", c.Budget.Trials is { } bt ? Int(bt) : "null");
            w.Line(1, "wall_time", c.Budget.WallTime is { } wt ? DurationText.Format(wt) : "null");
        }
        return w.ToString();
    }

    private static string Int(int v) => v.ToString(CultureInfo.InvariantCulture);

    // "R" round-trips every double exactly, so the printed config re-parses to the same values.
    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture).ToLowerInvariant();

    /// <summary>Single-quoted YAML string; the only escape in that style is a doubled quote.</summary>
    private static string Quote(string v) => $"'{v.Replace("'", "''")}'";

    private sealed class Writer
    {
        private readonly StringBuilder _sb = new();

        public void Line(int depth, string key, string value) =>
            _sb.Append(' ', depth * 2).Append(key).Append(": ").Append(value).Append('\n');

        public void Section(int depth, string key) => _sb.Append(' ', depth * 2).Append(key).Append(":\n");

        public void Node(int depth, string key, OverrideNode node)
        {
            switch (node)
            {
                case OverrideScalar s:
                    Line(depth, key, Scalar(s));
                    break;
                case OverrideList { Items.Count: 0 }:
                    Line(depth, key, "[]");
                    break;
                case OverrideMap { Entries.Count: 0 }:
                    Line(depth, key, "{}");
                    break;
                default:
                    Section(depth, key);
                    Body(depth + 1, node);
                    break;
            }
        }

        private void Body(int depth, OverrideNode node)
        {
            if (node is OverrideMap map)
            {
                foreach (var (k, v) in map.Entries) Node(depth, k, v);
                return;
            }
            foreach (var item in ((OverrideList)node).Items)
            {
                _sb.Append(' ', depth * 2).Append("- ");
                if (item is OverrideScalar s)
                {
                    _sb.Append(Scalar(s)).Append('\n');
                }
                else
                {
                    // Nested collections in a list are written in flow style to stay compact and unambiguous.
                    _sb.Append(Flow(item)).Append('\n');
                }
            }
        }

        private static string Flow(OverrideNode node) => node switch
        {
            OverrideScalar s => Scalar(s),
            OverrideList l => "[" + string.Join(", ", l.Items.Select(Flow)) + "]",
            OverrideMap m => "{" + string.Join(", ", m.Entries.Select(e => $"{e.Key}: {Flow(e.Value)}")) + "}",
            _ => throw new InvalidOperationException(),
        };

        private static string Scalar(OverrideScalar s) => s.Quoted || NeedsQuotes(s.Value) ? Quote(s.Value) : s.Value;

        private static bool NeedsQuotes(string v) =>
            v.Length == 0 || v.IndexOfAny([':', '#', ',', '[', ']', '{', '}', '\'', '"', '&', '*', '!', '|', '>', '%', '@', '`']) >= 0 ||
            v.Trim() != v || v.StartsWith('-') && !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

        public override string ToString() => _sb.ToString();
    }
}
