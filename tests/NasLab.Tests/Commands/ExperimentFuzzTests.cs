using System.Text;
using System.Text.RegularExpressions;
using NasLab.Cli.Commands;
using NasLab.Tests.Support;

namespace NasLab.Tests.Commands;

/// <summary>
/// <c>naslab validate</c> over many mutated experiment files (issue 11, "how we will know it works"): every case
/// ends in exit 0, or exit 1 with a message naming the file; never exit 2 (an internal error) and never a hang.
/// The cases are generated from a fixed seed, so a failure names a case that can be reproduced.
/// </summary>
public sealed partial class ExperimentFuzzTests : IDisposable
{
    /// <summary>Cases per starting file; with 15 starting files that is 600 cases. $NASLAB_FUZZ_CASES runs more, to hunt.</summary>
    private static readonly int CasesPerBase =
        int.TryParse(Environment.GetEnvironmentVariable("NASLAB_FUZZ_CASES"), out var n) && n > 0 ? n : 40;

    /// <summary>Far above what one validate takes (milliseconds); only a hang reaches it.</summary>
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>$NASLAB_FUZZ_SEED shifts every seed, to hunt with other cases; the suite runs with 0.</summary>
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("NASLAB_FUZZ_SEED"), out var s) ? s : 0;

    private readonly TempDirectory _dir = new();

    /// <summary>Every case's outcome, written to $NASLAB_FUZZ_LOG when set (to see what the cases reach).</summary>
    private readonly List<string> _log = [];

    public void Dispose() => _dir.Dispose();

    private static string ExperimentsDir => Path.Combine(AppContext.BaseDirectory, "experiments");

    [Fact]
    public void Mutated_experiment_files_end_in_exit_0_or_a_user_error_naming_the_file()
    {
        var data = TinyCifar10.Write(_dir.File("data"));
        var bases = StartingFiles(data);
        var failures = new List<string>();
        var outcomes = new Dictionary<int, int>();
        int index = 0;
        foreach (var (baseName, text) in bases)
        {
            // One fixed seed per starting file (HashCode is randomised per process, so not that).
            var rng = new Random(1000 + index + Seed);
            for (int i = 0; i < CasesPerBase; i++, index++)
            {
                var (what, bytes) = Mutations.Apply(Encoding.UTF8.GetBytes(text), rng);
                var file = _dir.File($"case-{index:D3}.yaml");
                File.WriteAllBytes(file, bytes);
                var (code, stdout, stderr) = RunWithTimeout(file);
                outcomes[code] = outcomes.GetValueOrDefault(code) + 1;
                var ok = code switch
                {
                    ExitCodes.Ok => stdout.Contains($"{file}: valid"),
                    ExitCodes.UserError => stderr.Contains(file) && !stderr.Contains("internal error"),
                    _ => false,
                };
                var shown = (code == ExitCodes.Ok ? "valid" : stderr.Length > 0 ? stderr : stdout).Trim();
                var line = $"case {index} ({baseName}: {what}): exit {code}: {shown[..Math.Min(shown.Length, 400)]}";
                _log.Add(line);
                if (!ok) failures.Add(line);
                else
                {
                    File.Delete(file);
                }
            }
        }

        Assert.True(index >= 400, $"only {index} cases");
        if (Environment.GetEnvironmentVariable("NASLAB_FUZZ_LOG") is { Length: > 0 } log)
            File.WriteAllText(log, string.Join(", ", outcomes.Select(o => $"exit {o.Key}: {o.Value}")) + "\n" + string.Join("\n", _log));
        // Both outcomes occur: the mutations neither all break the file nor all leave it valid.
        Assert.True(outcomes.GetValueOrDefault(ExitCodes.Ok) > 0 && outcomes.GetValueOrDefault(ExitCodes.UserError) > 0,
            string.Join(", ", outcomes.Select(o => $"exit {o.Key}: {o.Value}")));
        Assert.True(failures.Count == 0, $"{failures.Count} of {index} cases failed:\n" + string.Join("\n", failures));
    }

    private static (int Code, string Out, string Err) RunWithTimeout(string file)
    {
        var run = Task.Run(() => NasLabCli.Run("validate", file));
        return run.Wait(CaseTimeout) ? run.Result : (-1, "", $"no answer within {CaseTimeout.TotalSeconds} s (hang)");
    }

    /// <summary>
    /// The shipped files as they are (their data is mostly absent here, which must be a clean error), the same files
    /// pointed at a tiny real dataset so the later checks run too, and a minimal valid file.
    /// </summary>
    private static List<(string Name, string Text)> StartingFiles(string data)
    {
        var dataset = $"dataset:\n  name: cifar10\n  path: '{data}'\n  validation_size: 40\n  resolution: 32\n";
        var result = new List<(string, string)>();
        foreach (var path in Directory.GetFiles(ExperimentsDir, "*.yaml").Order())
        {
            var text = File.ReadAllText(path);
            result.Add((Path.GetFileName(path), text));
            result.Add((Path.GetFileName(path) + " on tiny data", DatasetSection().Replace(text, dataset)));
        }
        Assert.Equal(2 * 7, result.Count); // the seven shipped experiment files, each as shipped and on tiny data
        var tail = "proxy_training:\n  epochs: 1\n  batch_size: 16\nstrategy:\n  type: random\nreward:\n  target_ms: 5\n";
        result.Add(("tiny", $"name: tiny\n{dataset}{tail}"));
        // Every top-level section written out, so the mutations reach output_dir, the custom latency device, the
        // explicit reward exponents and both budgets too. output_dir is only checked by validate, never created.
        result.Add(("tiny, every section", $"""
            name: tiny-all
            seed: 3
            output_dir: '{Path.Combine(Path.GetDirectoryName(data)!, "runs")}'
            search_space:
              kind: mnasnet
            {dataset.TrimEnd()}
              train_subset: 100
              split_seed: 2
            proxy_training:
              epochs: 2
              batch_size: 16
              lr: 0.1
              momentum: 0.9
              nesterov: true
              weight_decay: 1.0e-4
              warmup_epochs: 1
              label_smoothing: 0.1
              width_multiplier: 0.5
              time_limit_seconds: 60
              device: cpu
            strategy:
              type: evolution
              evolution:
                population: 10
                sample_size: 3
            reward:
              target_ms: 5
              alpha: -0.07
              beta: -0.1
            latency:
              device: custom
              threads: 2
              mode: lut+verify
              runs: 5
              warmup_runs: 1
            budget:
              trials: 30
              wall_time: 1h30m

            """.Replace("\r", "")));
        // The overrides reach the space builders, whose own checks must surface as located config errors.
        result.Add(("tiny with block overrides", """
            name: tiny-blocks
            search_space:
              kind: mnasnet
              overrides:
                choices:
                  conv_ops: [sep, mbconv]
                  kernels: [3, [3, 5]]
                  se_ratios: [0, 0.25]
                  skip_ops: [identity, none]
                  filter_multipliers: [0.75, 1.0]
                  repeat_offsets: [-1, 0]
                  expansions: [3, 6]
                  activations: [relu, hswish]
                blocks:
                  - {filters: 16, repeats: 1, stride: 1}
                  - {filters: 24, repeats: 2, stride: 2}
                  - {filters: 40, repeats: 2, stride: 2}
                stem:
                  kernel: 3
                  stride: 1
                  channels: 16
                  activation: relu

            """.Replace("\r", "") + dataset + tail));
        result.Add(("tiny mixnet with groups", $"name: tiny-mix\nsearch_space:\n  kind: mixnet\n  overrides:\n    choices:\n" +
                    "      expand_groups: [1, 2]\n      project_groups: [1, 2]\n      kernels: [3, [3, 5, 7]]\n" + dataset + tail));
        result.Add(("tiny cells", $"name: tiny-cells\nsearch_space:\n  kind: enas\n  overrides:\n    choices:\n      ops: [identity, sep3x3, avg3x3]\n" +
                    dataset + tail));
        return result;
    }

    /// <summary>The <c>dataset:</c> line and its indented (or blank / comment) lines.</summary>
    [GeneratedRegex(@"^dataset:[^\n]*\n(?:(?:[ \t][^\n]*|[ \t]*)\n)*", RegexOptions.Multiline)]
    private static partial Regex DatasetSection();

    /// <summary>A CIFAR-10 binary dataset of 200 training and 10 test images, in the real file format.</summary>
    private static class TinyCifar10
    {
        public static string Write(string directory)
        {
            Directory.CreateDirectory(directory);
            var rng = new Random(5);
            for (int b = 1; b <= 5; b++) File.WriteAllBytes(Path.Combine(directory, $"data_batch_{b}.bin"), Records(40, rng));
            File.WriteAllBytes(Path.Combine(directory, "test_batch.bin"), Records(10, rng));
            return directory;
        }

        private static byte[] Records(int count, Random rng)
        {
            var bytes = new byte[count * 3073];
            rng.NextBytes(bytes);
            for (int i = 0; i < count; i++) bytes[i * 3073] = (byte)(i % 10);
            return bytes;
        }
    }

    /// <summary>The mutations: each takes the file's bytes and returns a description and the mutated bytes.</summary>
    private static class Mutations
    {
        private static readonly string[] BadValues =
        [
            "[1, 2]", "{a: 1}", "abc", "true", "-1", "-1e9", "0", "0.0", "1e300", "-1e300", "99999999999999999999", "2147483648",
            ".nan", "NaN", ".inf", "-.inf", "''", "\"\"", "null", "~", "日本語", "é", "\u202e\u0000x", "\"\\u0000\"", new string('x', 10_000),
            "'" + new string('ü', 5_000) + "'", "0x10", "1_000", "3.5.1", "*anchor", "&a", "!!binary AAAA", "|\n  block", ">-", "@", "`x`",
            "- 1\n- 2", "1e-320", "-0", "+5", "5ms", "10h", "-10m", "0s", "99999999999999999999h", "2562047788015h", "9999999999m", "1:2", "'lut-verify'", "lut-verify",
        ];

        private static readonly string[] EnumKeys = ["kind", "name", "type", "optimizer", "constraint", "device", "mode", "activation", "conv_ops", "skip_ops", "ops", "activations"];

        private static readonly string[] WrongEnumValues = ["xyz", "LUT", "Mnasnet", "lut-verify", "cpu-3threads", "cuda:x", "gpu", "RL", "hard ", "cifar-10"];

        private static readonly string[] Keys =
        [
            "name", "seed", "output_dir", "search_space", "kind", "overrides", "choices", "blocks", "stem", "dataset", "path",
            "validation_size", "train_subset", "resolution", "split_seed", "proxy_training", "epochs", "batch_size", "lr",
            "warmup_epochs", "width_multiplier", "time_limit_seconds", "strategy", "rl", "evolution", "population", "sample_size",
            "reward", "target_ms", "alpha", "beta", "w", "latency", "runs", "warmup_runs", "threads", "budget", "trials", "wall_time",
        ];

        public static (string What, byte[] Bytes) Apply(byte[] bytes, Random rng)
        {
            // Mostly one mutation, sometimes two or three on top of each other.
            var count = rng.Next(10) switch { < 7 => 1, < 9 => 2, _ => 3 };
            var what = new List<string>();
            for (int i = 0; i < count; i++)
            {
                var (w, b) = One(bytes, rng);
                what.Add(w);
                bytes = b;
            }
            return (string.Join(" + ", what), bytes);
        }

        private static (string, byte[]) One(byte[] bytes, Random rng)
        {
            switch (rng.Next(14))
            {
                case 0: return Truncate(bytes, rng);
                case 1: return Flip(bytes, rng);
                default: break;
            }
            var lines = Encoding.UTF8.GetString(bytes).Split('\n').ToList();
            var keyed = Enumerable.Range(0, lines.Count).Where(i => KeyLine().IsMatch(lines[i])).ToList();
            if (keyed.Count == 0) return ("no key lines left", bytes);
            var at = keyed[rng.Next(keyed.Count)];
            var m = KeyLine().Match(lines[at]);
            var (indent, key) = (m.Groups[1].Value, m.Groups[2].Value);
            // Values are changed on leaf lines (a key with a value): replacing a section header orphans its lines,
            // which only ever tests the YAML parser.
            var leaves = keyed.Where(i => KeyLine().Match(lines[i]) is var lm && lines[i][lm.Length..].Trim().Length > 0 && !lines[i][lm.Length..].TrimStart().StartsWith('#')).ToList();
            // Items of flow or block lists inside overrides are values too.
            var items = Enumerable.Range(0, lines.Count).Where(i => lines[i].TrimStart().StartsWith("- ")).ToList();
            string what;
            switch (rng.Next(16))
            {
                case 0:
                    what = $"delete '{key}' (line {at + 1})";
                    lines.RemoveAt(at);
                    break;
                case 1 or 2 or 3 or 4 or 5 or 6 when leaves.Count > 0:
                    at = leaves[rng.Next(leaves.Count)];
                    m = KeyLine().Match(lines[at]);
                    var value = rng.Next(3) switch { 0 => ListValue(rng), 1 => Number(rng), _ => BadValues[rng.Next(BadValues.Length)] };
                    what = $"'{m.Groups[2].Value}' = {Shorten(value)}";
                    lines[at] = $"{m.Groups[1].Value}{m.Groups[2].Value}: {value}";
                    break;
                case 7 when items.Count > 0:
                    at = items[rng.Next(items.Count)];
                    var item = rng.Next(2) == 0 ? ListValue(rng) : "{" + $"filters: {Number(rng)}, repeats: {Number(rng)}, stride: {Number(rng)}" + "}";
                    what = $"list item line {at + 1} = {Shorten(item)}";
                    lines[at] = lines[at][..lines[at].IndexOf('-')] + "- " + item;
                    break;
                case 8:
                    what = $"duplicate '{key}'";
                    lines.Insert(at + 1, lines[at]);
                    break;
                case 9:
                    var shift = new[] { -1, 1, 3 }[rng.Next(3)];
                    what = $"indent '{key}' by {shift}";
                    lines[at] = shift < 0 && indent.Length > 0 ? lines[at][1..] : new string(' ', Math.Max(shift, 1)) + lines[at];
                    break;
                case 10:
                    what = $"tab before '{key}'";
                    lines[at] = "\t" + lines[at].TrimStart(' ');
                    break;
                case 11 or 12:
                    // At the indentation of the line after a section header, so the key lands inside the section.
                    var inner = at + 1 < lines.Count && KeyLine().Match(lines[at + 1]) is { Success: true } next && next.Groups[1].Value.Length > indent.Length
                        ? next.Groups[1].Value : indent;
                    var unknown = rng.Next(2) == 0 ? "bogus_key" : Keys[rng.Next(Keys.Length)] + (rng.Next(2) == 0 ? "s" : "");
                    what = $"key '{unknown}' after '{key}'";
                    lines.Insert(at + 1, $"{inner}{unknown}: {(rng.Next(2) == 0 ? "1" : BadValues[rng.Next(BadValues.Length)])}");
                    break;
                default:
                    var enumLines = keyed.Where(i => EnumKeys.Contains(KeyLine().Match(lines[i]).Groups[2].Value)).ToList();
                    if (enumLines.Count > 0) at = enumLines[rng.Next(enumLines.Count)];
                    m = KeyLine().Match(lines[at]);
                    var wrong = WrongEnumValues[rng.Next(WrongEnumValues.Length)];
                    what = $"'{m.Groups[2].Value}' = {wrong}";
                    lines[at] = $"{m.Groups[1].Value}{m.Groups[2].Value}: {wrong}";
                    break;
            }
            return (what, Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        }

        /// <summary>A boundary number: zero, negative, huge, tiny, fractional where whole numbers belong, or not finite.</summary>
        private static string Number(Random rng) =>
            Numbers[rng.Next(Numbers.Length)];

        private static readonly string[] Numbers =
            ["0", "-1", "1", "2", "3", "7", "1000000", "2147483647", "-2147483648", "1e300", "0.5", "-0.25", ".nan", ".inf", "1e-300", "64", "999", "100000", "4096", "33", "199", "200"];

        private static string ListValue(Random rng) => rng.Next(6) switch
        {
            0 => "[]",
            1 => $"[{Number(rng)}]",
            2 => $"[{Number(rng)}, {Number(rng)}]",
            3 => $"[[{Number(rng)}, {Number(rng)}], {Number(rng)}]",
            4 => $"[{WrongEnumValues[rng.Next(WrongEnumValues.Length)]}, relu]",
            _ => $"[{Number(rng)}, {Number(rng)}, {Number(rng)}]",
        };

        private static (string, byte[]) Truncate(byte[] bytes, Random rng)
        {
            var at = rng.Next(bytes.Length + 1);
            return ($"truncate at byte {at}", bytes[..at]);
        }

        private static (string, byte[]) Flip(byte[] bytes, Random rng)
        {
            if (bytes.Length == 0) return ("flip nothing", bytes);
            var copy = (byte[])bytes.Clone();
            var flips = rng.Next(1, 6);
            var where = new List<int>();
            for (int i = 0; i < flips; i++)
            {
                var at = rng.Next(copy.Length);
                copy[at] ^= (byte)(1 << rng.Next(8));
                where.Add(at);
            }
            return ($"flip bytes {string.Join(", ", where)}", copy);
        }

        private static string Shorten(string value) => value.Length > 20 ? $"{value[..10]}...({value.Length} chars)" : value.Replace("\n", "\\n");
    }

    [GeneratedRegex(@"^([ ]*)([A-Za-z_][A-Za-z0-9_]*):")]
    private static partial Regex KeyLine();
}
