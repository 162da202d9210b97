using System.Globalization;

namespace NasLab.Evaluator.Training.Checkpoints;

/// <summary>
/// Reads and writes checkpoints in one directory. Each epoch's state goes to new files (epoch-NNNN.model /
/// .optim); the manifest checkpoint.json is replaced atomically afterwards and only then are older files deleted,
/// so a crash at any point leaves the previous complete checkpoint loadable.
/// </summary>
public sealed class CheckpointStore
{
    public const string ManifestFileName = "checkpoint.json";

    public string Directory { get; }
    public string ManifestPath => Path.Combine(Directory, ManifestFileName);

    public CheckpointStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    /// <summary>The manifest, or null when the directory holds no checkpoint.</summary>
    public TrainingCheckpoint? TryLoad()
    {
        if (!File.Exists(ManifestPath)) return null;
        var checkpoint = TrainingJson.Deserialize<TrainingCheckpoint>(File.ReadAllText(ManifestPath));
        if (checkpoint.FormatVersion != TrainingCheckpoint.CurrentFormatVersion)
            throw new InvalidDataException($"{ManifestPath} has checkpoint format {checkpoint.FormatVersion}; this version reads format {TrainingCheckpoint.CurrentFormatVersion}.");
        foreach (var file in new[] { checkpoint.ModelFile, checkpoint.OptimizerFile })
            if (!File.Exists(PathOf(file)))
                throw new FileNotFoundException($"Checkpoint {ManifestPath} refers to {file}, which is missing.", PathOf(file));
        return checkpoint;
    }

    public string PathOf(string fileName) => Path.Combine(Directory, fileName);

    /// <summary>File names for the state after <paramref name="completedEpochs"/> epochs.</summary>
    public static (string Model, string Optimizer) FileNames(int completedEpochs)
    {
        string stem = "epoch-" + completedEpochs.ToString("D4", CultureInfo.InvariantCulture);
        return (stem + ".model", stem + ".optim");
    }

    /// <summary>
    /// Writes a checkpoint: <paramref name="writeState"/> receives the full paths for the model and optimizer files,
    /// then the manifest is swapped in and files of earlier epochs are removed.
    /// </summary>
    public void Save(TrainingCheckpoint checkpoint, Action<string, string> writeState)
    {
        System.IO.Directory.CreateDirectory(Directory);
        writeState(PathOf(checkpoint.ModelFile), PathOf(checkpoint.OptimizerFile));
        string temporary = ManifestPath + ".tmp";
        File.WriteAllText(temporary, TrainingJson.Serialize(checkpoint));
        File.Move(temporary, ManifestPath, overwrite: true);
        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, "epoch-*"))
        {
            string name = Path.GetFileName(stale);
            if (name != checkpoint.ModelFile && name != checkpoint.OptimizerFile) File.Delete(stale);
        }
    }
}
